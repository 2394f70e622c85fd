import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';

// findBy and waitFor give up after 10 s instead of 1 s: on a loaded
// machine a render can take longer than a second.
configure({ asyncUtilTimeout: 10_000 });

// What Mantine needs from the browser and jsdom lacks: the colour scheme
// through matchMedia, element sizes through ResizeObserver, and font
// loading (an autosize textarea measures again when fonts arrive).
window.matchMedia ??= ((query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addEventListener: () => {},
  removeEventListener: () => {},
  addListener: () => {},
  removeListener: () => {},
  dispatchEvent: () => false,
})) as unknown as typeof window.matchMedia;

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

if (!document.fonts) {
  Object.defineProperty(document, 'fonts', { value: { addEventListener: () => {}, removeEventListener: () => {} } });
}
