// Applies the reader's saved colour scheme before the first paint (a classic script, run in <head>).
try {
  const saved = localStorage.getItem('alofuq-color-scheme');
  const dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
} catch {
  // Storage can be blocked; the page then starts light.
}
