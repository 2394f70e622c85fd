import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, useLocation } from 'react-router';
import { i18n } from '../lib/i18n';

/**
 * Renders ui as the app does (queries, translations, Mantine, a router at
 * path), with a fresh query cache that does not retry.
 */
export function renderApp(ui: ReactNode, opts: { path?: string } = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <I18nextProvider i18n={i18n}>
        <MantineProvider env="test">
          <MemoryRouter initialEntries={[opts.path ?? '/']}>{ui}</MemoryRouter>
        </MantineProvider>
      </I18nextProvider>
    </QueryClientProvider>,
  );
}

/** Shows the router's current path, for tests that follow a navigation. */
export function PathProbe() {
  return <output data-testid="path">{useLocation().pathname}</output>;
}

/** A rejected Go call as the bridge delivers it: the JSON of a portal.Error. */
export function goError(e: { code: string; reason?: string; field?: string; params?: Record<string, string>; message?: string }) {
  return new Error(JSON.stringify({ message: e.reason ?? e.code, ...e }));
}

/** A promise and the functions that settle it, to hold a Go call open. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
