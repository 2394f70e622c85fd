import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../lib/i18n';
import { goError, renderApp } from '../../../testing/render';
import { SaveCaseButton } from './SaveCaseButton';

// The Go side cannot run in jsdom: the bound calls are stand-ins; the
// document the button builds is what the real SavePrintable receives.
const go = vi.hoisted(() => ({
  Bootstrap: vi.fn(async () => ({ settings: { language: 'en', locale: 'en-US', timeZone: 'UTC' }, vendor: { productName: 'Quizzly', portalUserLimit: 4 } })),
  GetSettings: vi.fn(async () => ({ language: 'en', locale: 'en-US', timeZone: 'UTC' })),
  ComponentCategories: vi.fn(async () => [
    { id: 'courses', nameEn: 'Courses', nameDe: 'Kurse', subcategories: [{ id: 'courses.enrollment', nameEn: 'Enrollment', nameDe: 'Einschreibung' }] },
  ]),
  SavePrintable: vi.fn(),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go, printdoc: { Document: { createFrom: (d: unknown) => d } } }));

const att = (name: string) => ({ id: name, name, size: 10, sha256: 'x', mimeType: 'image/png', createdAt: '2026-12-01T10:00:00Z' });
const kase = {
  id: 'c1',
  number: 12,
  subject: 'Certificates print blank',
  categoryId: 'courses',
  subcategoryId: 'courses.enrollment',
  status: 'solved',
  priority: 'high',
  mine: true,
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-02T15:30:00Z',
  description: 'Since Monday the PDF is empty.',
  attachments: [att('screen.png')],
  comments: [
    { id: 'm1', authorName: 'Sam Support', authorKind: 'support', body: 'Please clear the cache.', pending: false, attachments: [], createdAt: '2026-12-01T11:00:00Z' },
    { id: 'm2', authorName: 'Olivia Owner', authorKind: 'customer', body: 'Done, it works.', pending: false, attachments: [att('after.png')], createdAt: '2026-12-02T09:00:00Z' },
  ],
  history: [{ from: 'new', to: 'solved', at: '2026-12-02T15:30:00Z' }],
  solution: { text: 'Clear the browser cache.', articleId: '' },
  commentDraft: '',
  commentDraftAttachments: [],
  canComment: false,
  canFollowUp: true,
};

describe('SaveCaseButton', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('en');
    go.SavePrintable.mockReset();
  });
  afterEach(cleanup);

  it('sends the case as the screen words it and says where it went', async () => {
    go.SavePrintable.mockResolvedValue('/home/ann/Case 12.html');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    renderApp(<SaveCaseButton case={kase as any} />);
    await screen.findByRole('button', { name: 'Save for printing' });
    await vi.waitFor(() => expect(go.ComponentCategories).toHaveBeenCalled());
    await userEvent.click(screen.getByRole('button', { name: 'Save for printing' }));
    expect(await screen.findByText('Saved to /home/ann/Case 12.html')).toBeTruthy();
    const doc = go.SavePrintable.mock.calls[0][0];
    expect(doc.lang).toBe('en');
    expect(doc.title).toBe('#12: Certificates print blank');
    expect(doc.fileName).toBe('#12 Certificates print blank');
    expect(doc.fields.map((f: { label: string }) => f.label)).toEqual(['Status', 'Priority', 'Component Category', 'Created', 'Last update']);
    expect(doc.fields[0].value).toBe('Solved');
    expect(doc.fields[2].value).toBe('Courses › Enrollment');
    expect(doc.sections.map((s: { heading: string }) => s.heading)).toEqual(['Description', 'Solution', 'Conversation', 'Status history']);
    expect(doc.sections[0].entries[0]).toEqual({ heading: '', body: 'Since Monday the PDF is empty.', attachments: ['screen.png'], kind: 'customer' });
    expect(doc.sections[1].entries[0].body).toBe('Clear the browser cache.');
    const conv = doc.sections[2].entries;
    expect(conv.map((e: { kind: string }) => e.kind)).toEqual(['support', 'customer']);
    expect(conv[0].heading).toMatch(/^Sam Support \(Support\) · /);
    expect(conv[1].attachments).toEqual(['after.png']);
    expect(doc.footer).toMatch(/^Saved from the Support Portal on /);
  });

  it('shows a refusal in the user\'s language and nothing when cancelled', async () => {
    await i18n.changeLanguage('de');
    go.SavePrintable.mockRejectedValueOnce(goError({ code: 'invalid', reason: 'printable_too_large', field: 'document' }));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    renderApp(<SaveCaseButton case={kase as any} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Zum Drucken speichern' }));
    expect(await screen.findByText('Dieser Fall ist zu groß, um ihn als eine Datei zu speichern.')).toBeTruthy();
    expect(go.SavePrintable.mock.calls[0][0].lang).toBe('de');

    go.SavePrintable.mockResolvedValueOnce('');
    await userEvent.click(screen.getByRole('button', { name: 'Zum Drucken speichern' }));
    await vi.waitFor(() => expect(go.SavePrintable).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId('case-save-printable-result')).toBeNull();
  });
});
