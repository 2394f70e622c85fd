import '@mantine/core/styles.css';
import './focus.css';
import { Autocomplete, createTheme, type CSSVariablesResolver, defaultVariantColorsResolver, MantineProvider, MultiSelect, Select, type VariantColorsResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../lib/i18n';

// "light" badges and alerts: Mantine's text shade is too pale on the
// tinted background in the light scheme (orange-9 on orange light is
// 3.9:1); shade 9 darkened by 30% reads at AA for every colour.
const lightText = (colors: Record<string, unknown>, shade: (c: string) => string) =>
  Object.fromEntries(Object.keys(colors).map((c) => [`--app-${c}-light-text`, shade(c)]));

function darker(hex: string, f = 0.7) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return '#' + m.slice(1).map((x) => Math.round(parseInt(x, 16) * f).toString(16).padStart(2, '0')).join('');
}

const variantColorResolver: VariantColorsResolver = (input) => {
  const d = defaultVariantColorsResolver(input);
  const c = input.color || input.theme.primaryColor;
  if (input.variant === 'light' && c in input.theme.colors) return { ...d, color: `var(--app-${c}-light-text)` };
  return d;
};

// Contrast (WCAG AA, checked by axe in e2e/a11y.e2e.mjs): Mantine's
// defaults put white on indigo-6 (4.1:1), gray-6 "dimmed" text on white
// (3.3:1), dark-2 on dark-7 (3.9:1) and blue-6 links on white (3.5:1). The
// theme fixes them once for every screen instead of per component.
// A long options list scrolls in the listbox itself, not in a ScrollArea
// inside it: screen readers and axe treat the combobox's popup as reachable
// through the combobox (a focusable viewport inside the listbox would break
// its required children; an unfocusable one is an unreachable region).
const focusableList = { withScrollArea: false, styles: { options: { maxHeight: 220, overflowY: 'auto' as const } } };
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 8 },
  autoContrast: true,
  variantColorResolver,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    Select: Select.extend({ defaultProps: focusableList }),
    MultiSelect: MultiSelect.extend({ defaultProps: focusableList }),
    Autocomplete: Autocomplete.extend({ defaultProps: focusableList }),
  },
});

const cssVariablesResolver: CSSVariablesResolver = (th) => ({
  variables: {},
  light: {
    ...lightText(th.colors, (c) => darker(th.colors[c][9])),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-indigo-8)',
  },
  dark: {
    ...lightText(th.colors, (c) => `var(--mantine-color-${c}-light-color)`),
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
