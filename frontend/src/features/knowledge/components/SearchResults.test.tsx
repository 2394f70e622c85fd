import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../lib/i18n';
import type { portal } from '../../../lib/bridge';
import { SearchResults } from './SearchResults';

// The Go side cannot run in jsdom: the bridge is replaced by a stand-in that
// answers SearchKnowledge as the search code does: with correction it
// replaces "usres" by "users" and says so; with noCorrect it searches the
// words as typed and reports no correction.
const go = vi.hoisted(() => ({
  Bootstrap: vi.fn(async () => ({ settings: { language: 'en', locale: '', timeZone: '' } })),
  GetSettings: vi.fn(async () => ({ language: 'en', locale: '', timeZone: '' })),
  SearchKnowledge: vi.fn(),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go }));

function hit(id: string, title: string) {
  return { id, sourceId: id, title, summary: '', categoryPath: 'Access', snippet: '', score: 1 };
}

function answer(q: portal.SearchQuery) {
  if (q.noCorrect) {
    return { hits: [hit('typo', 'Common usres typos')], total: 1, totalCapped: false, offset: 0, limit: q.limit };
  }
  return {
    hits: [hit('users', 'The four-user limit')],
    total: 1,
    totalCapped: false,
    offset: 0,
    limit: q.limit,
    corrections: { usres: 'users' },
  };
}

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
  go.SearchKnowledge.mockReset();
  go.SearchKnowledge.mockImplementation(async (q: portal.SearchQuery) => answer(q));
});

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <MemoryRouter>{ui}</MemoryRouter>
        </MantineProvider>
      </I18nextProvider>
    </QueryClientProvider>,
  );
}

describe('SearchResults corrected question', () => {
  it('marks the corrected word and links to a search for the original words', async () => {
    await i18n.changeLanguage('en');
    const onPage = vi.fn();
    wrap(<SearchResults query="how many portal usres can we have" categoryId="" page={1} onPage={onPage} />);
    const shown = await screen.findByTestId('kb-corrections');
    expect(shown).toHaveTextContent('Showing results for: how many portal users can we have');
    expect(shown.querySelector('mark')).toHaveTextContent(/^users$/);
    expect(shown).toHaveTextContent('Search instead for: how many portal usres can we have');
    expect(go.SearchKnowledge).toHaveBeenCalledTimes(1);
    expect(go.SearchKnowledge.mock.calls[0][0]).toMatchObject({ text: 'how many portal usres can we have', noCorrect: false });

    await userEvent.click(screen.getByTestId('kb-search-original'));
    await waitFor(() => expect(screen.getByTestId('kb-hit')).toHaveTextContent('Common usres typos'));
    expect(go.SearchKnowledge).toHaveBeenCalledTimes(2);
    expect(go.SearchKnowledge.mock.calls[1][0]).toEqual({
      text: 'how many portal usres can we have',
      categoryId: '',
      offset: 0,
      limit: 20,
      language: '',
      noCorrect: true,
    });
    expect(screen.queryByTestId('kb-corrections')).toBeNull();
    expect(screen.getByTestId('kb-searched-as-typed')).toHaveTextContent('Showing results for the words as typed.');
    expect(onPage).toHaveBeenCalledWith(1);
  });

  it('speaks German', async () => {
    await i18n.changeLanguage('de');
    wrap(<SearchResults query="usres" categoryId="" page={1} />);
    const shown = await screen.findByTestId('kb-corrections');
    expect(shown).toHaveTextContent('Ergebnisse für: users');
    expect(shown).toHaveTextContent('Stattdessen suchen nach: usres');
    await userEvent.click(screen.getByTestId('kb-search-original'));
    expect(await screen.findByTestId('kb-searched-as-typed')).toHaveTextContent('Ergebnisse für die Wörter wie eingegeben.');
    await i18n.changeLanguage('en');
  });

  it('searches with correction again when the question changes', async () => {
    await i18n.changeLanguage('en');
    const { rerender } = wrap(<SearchResults query="usres" categoryId="" page={1} />);
    await userEvent.click(await screen.findByTestId('kb-search-original'));
    await screen.findByTestId('kb-searched-as-typed');
    rerender(
      <QueryClientProvider client={new QueryClient()}>
        <I18nextProvider i18n={i18n}>
          <MantineProvider>
            <MemoryRouter>
              <SearchResults query="portal usres" categoryId="" page={1} />
            </MemoryRouter>
          </MantineProvider>
        </I18nextProvider>
      </QueryClientProvider>,
    );
    expect(await screen.findByTestId('kb-corrections')).toHaveTextContent('Showing results for: portal users');
    expect(go.SearchKnowledge.mock.lastCall?.[0]).toMatchObject({ text: 'portal usres', noCorrect: false });
  });
});
