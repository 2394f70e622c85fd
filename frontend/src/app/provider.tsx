import '@mantine/core/styles.css';
import './focus.css';
import { Autocomplete, createTheme, type CSSVariablesResolver, MantineProvider, MultiSelect, Select } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../lib/i18n';

// Contrast (WCAG AA, checked by axe in e2e/a11y.e2e.mjs): Mantine's
// defaults put white on indigo-6 (4.1:1), gray-6 "dimmed" text on white
// (3.3:1), dark-2 on dark-7 (3.9:1) and blue-6 links on white (3.5:1). The
// theme fixes them once for every screen instead of per component.
// A scrollable options list must be reachable by keyboard (axe
// scrollable-region-focusable), so its viewport takes focus.
const focusableList = { scrollAreaProps: { viewportProps: { tabIndex: 0 } } };
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 8 },
  autoContrast: true,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    Select: Select.extend({ defaultProps: focusableList }),
    MultiSelect: MultiSelect.extend({ defaultProps: focusableList }),
    Autocomplete: Autocomplete.extend({ defaultProps: focusableList }),
  },
});

// "light" badges and alerts: Mantine's text shade is too pale on the
// tinted background in the light scheme; shade 9 reads at AA.
const lightText = (colors: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(colors).map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`]));

const cssVariablesResolver: CSSVariablesResolver = (th) => ({
  variables: {},
  light: {
    ...lightText(th.colors),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-indigo-8)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-anchor': 'var(--mantine-color-indigo-3)',
  },
});

const queryClient = new QueryClient({
  // Calls go to the local Go process, not the network: retrying a rejected
  // call would only repeat a validation error, and being offline must never
  // pause them (React Query's default networkMode pauses everything while
  // navigator.onLine is false, which would freeze an offline-first app).
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, networkMode: 'always' },
    mutations: { retry: false, networkMode: 'always' },
  },
});

export function AppProvider(props: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
          {props.children}
        </MantineProvider>
      </I18nextProvider>
    </QueryClientProvider>
  );
}
