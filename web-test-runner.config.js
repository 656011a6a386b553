import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { tsImport } from 'tsx/esm/api';
import { ajelTestServerPlugin } from './test/console/ajel-server-plugin.js';
import { replacementFor } from './widget/socket-parser/replaced-packages.js';

// The plugin that starts real Ajel nodes for the browser tests is TypeScript, like the server.
const { ajelServers } = await tsImport('./test/harness/wtr-ajel.ts', import.meta.url);

export default {
  files: ['test/widget/**/*.test.ts', 'test/console/**/*.test.ts'],
  // The builds the widget bundle uses: without `development`, which makes socket.io-parser import
  // the CommonJS `debug` package a browser cannot load.
  nodeResolve: { browser: true, exportConditions: ['browser', 'production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  // Every test file runs after test/harness/readable-assertions.ts, so a failure holding a DOM node is reported at once.
  testRunnerHtml: (testFramework) =>
    `<!DOCTYPE html><html><body><script type="module" src="/test/harness/readable-assertions.ts"></script><script type="module" src="${testFramework}"></script></body></html>`,
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    // The widget's text-only packet formats, as its build has them (vite.config.ts).
    {
      name: 'ajel:text-only-socket-parsers',
      resolveImport({ source, context }) {
        const file = replacementFor(source, context.path);
        return file && `/widget/socket-parser/${file}`;
      },
    },
    ajelServers(),
    // The editor console's tests (test/console/) run against a real Ajel node.
    ajelTestServerPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--headless=new', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
      },
    }),
  ],
};
