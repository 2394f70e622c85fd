import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../lib/i18n';
import { useUpdate } from '../api/settings';
import { UpdateNotice } from './UpdateNotice';

/** Shows when the update query has its answer. */
function Loaded() {
  return useUpdate().isSuccess ? <span data-testid="loaded" /> : null;
}

// The Go side cannot run in jsdom: the bridge is replaced by a stand-in
// that answers CheckForUpdate and records OpenExternal.
const go = vi.hoisted(() => ({
  CheckForUpdate: vi.fn(),
  OpenExternal: vi.fn(async (_url: string) => {}),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go }));

beforeAll(() => {
  // Mantine reads the colour scheme through matchMedia, which jsdom lacks.
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
});

afterEach(cleanup);

beforeEach(() => {
  go.CheckForUpdate.mockReset();
  go.OpenExternal.mockClear();
});

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <I18nextProvider i18n={i18n}>
        <MantineProvider>{ui}</MantineProvider>
      </I18nextProvider>
    </QueryClientProvider>,
  );
}

describe('UpdateNotice', () => {
  it('names the newer version and opens the download page in the browser', async () => {
    await i18n.changeLanguage('en');
    go.CheckForUpdate.mockResolvedValue({
      current: '1.2.0',
      latest: '1.10.0',
      downloadUrl: 'https://downloads.example.com/portal',
      available: true,
    });
    wrap(<UpdateNotice />);
    const notice = await screen.findByTestId('update-notice');
    expect(notice).toHaveTextContent('Version 1.10.0 is available.');
    await userEvent.click(screen.getByTestId('update-download'));
    expect(go.OpenExternal).toHaveBeenCalledTimes(1);
    expect(go.OpenExternal).toHaveBeenCalledWith('https://downloads.example.com/portal');
  });

  it('speaks German', async () => {
    await i18n.changeLanguage('de');
    go.CheckForUpdate.mockResolvedValue({ current: '1.2.0', latest: '1.3.0', downloadUrl: 'https://d.example.com', available: true });
    wrap(<UpdateNotice />);
    expect(await screen.findByTestId('update-notice')).toHaveTextContent('Version 1.3.0 ist verfügbar.');
    expect(screen.getByTestId('update-download')).toHaveTextContent('Download-Seite öffnen');
    await i18n.changeLanguage('en');
  });

  it('shows nothing when this is the newest version', async () => {
    go.CheckForUpdate.mockResolvedValue({ current: '1.3.0', latest: '1.3.0', downloadUrl: 'https://d.example.com', available: false });
    wrap(
      <>
        <UpdateNotice />
        <Loaded />
      </>,
    );
    await screen.findByTestId('loaded');
    expect(screen.queryByTestId('update-notice')).toBeNull();
  });
});
