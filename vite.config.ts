import { defineConfig, type UserConfig } from 'vite';

// `vite build` makes the embeddable widget: one self-contained, fully minified ES module with Lit
// and socket.io-client inside, at a stable name the server serves with an ETag and a hashed alias.
const widget: UserConfig = {
  publicDir: false,
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2021',
    modulePreload: false,
    rolldownOptions: {
      input: 'widget/index.ts',
      preserveEntrySignatures: 'strict',
      output: { entryFileNames: 'ajel-ticker.js', format: 'es', inlineDynamicImports: true },
    },
  },
};

export default defineConfig(() => widget);
