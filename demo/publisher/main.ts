// The publisher page's own behaviour: today's date in Arabic-Indic digits and the dark-mode toggle,
// which the embedded ticker follows through its `theme` attribute.

const STORAGE_KEY = 'alofuq-color-scheme';
const root = document.documentElement;

function applyScheme(dark: boolean): void {
  root.classList.toggle('dark', dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
  for (const ticker of document.querySelectorAll('ajel-ticker')) ticker.setAttribute('theme', dark ? 'dark' : 'light');
  document.querySelector('#theme-toggle')?.setAttribute('aria-pressed', String(dark));
}

function saveScheme(dark: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, dark ? 'dark' : 'light');
  } catch {
    // Storage can be blocked; the choice then lasts for this page view.
  }
}

function showDates(now: Date): void {
  const arabicDigits = 'ar-u-nu-arab';
  const today = document.querySelector<HTMLTimeElement>('#today');
  if (today) {
    today.dateTime = now.toISOString().slice(0, 10);
    today.textContent = new Intl.DateTimeFormat(arabicDigits, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(now);
  }
  const published = document.querySelector<HTMLTimeElement>('#published');
  if (published) {
    const morning = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 9, 30);
    published.dateTime = morning.toISOString();
    published.textContent = new Intl.DateTimeFormat(arabicDigits, { day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' }).format(morning);
  }
}

applyScheme(root.classList.contains('dark'));
showDates(new Date());
document.querySelector('#theme-toggle')?.addEventListener('click', () => {
  const dark = !root.classList.contains('dark');
  applyScheme(dark);
  saveScheme(dark);
});
