import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { portal } from '../../../lib/bridge';
import { i18n } from '../../../lib/i18n';
import { deferred, goError, PathProbe, renderApp } from '../../../testing/render';
import { ContactPage } from './ContactPage';

// The Go side cannot run in jsdom: the bound calls the cases api makes are
// stand-ins that each test answers.
const go = vi.hoisted(() => ({
  Bootstrap: vi.fn(async () => ({ settings: { language: 'en', locale: 'en-US', timeZone: 'UTC' }, vendor: {} })),
  GetSettings: vi.fn(async () => ({ language: 'en', locale: 'en-US', timeZone: 'UTC' })),
  ComponentCategories: vi.fn(async () => [
    { id: 'grading', nameEn: 'Grading', nameDe: 'Bewertung', subcategories: [{ id: 'grading.quiz', nameEn: 'Quizzes', nameDe: 'Quiz' }] },
  ]),
  ListDrafts: vi.fn(async () => []),
  GetDraft: vi.fn(),
  SaveDraft: vi.fn(),
  SubmitDraft: vi.fn(),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go }));

const NoSuggestions = () => null;

// The drafts saved so far, as GetDraft answers them.
const saved = new Map<string, ReturnType<typeof draft>>();

function draft(id: string, input: portal.DraftInput, updatedAt = '2026-12-02T10:15:00Z') {
  const d = { ...input, id, attachments: [], createdAt: updatedAt, updatedAt };
  saved.set(id, d);
  return d;
}

function renderContact() {
  return renderApp(
    <>
      <Routes>
        <Route path="/contact" element={<ContactPage suggestions={NoSuggestions} />} />
        <Route path="/contact/:draftId" element={<ContactPage suggestions={NoSuggestions} />} />
        <Route path="/cases/:caseId" element={<p data-testid="case-page" />} />
      </Routes>
      <PathProbe />
    </>,
    { path: '/contact' },
  );
}

beforeEach(async () => {
  await i18n.changeLanguage('en');
  go.SaveDraft.mockReset();
  go.SubmitDraft.mockReset();
  go.GetDraft.mockReset();
  saved.clear();
  go.GetDraft.mockImplementation(async (id: string) => {
    const d = saved.get(id);
    if (!d) throw goError({ code: 'not_found', reason: 'draft_not_found' });
    return d;
  });
});
afterEach(cleanup);

describe('contact form autosave', () => {
  it('saves as the user types and says where the draft stands', async () => {
    const user = userEvent.setup();
    renderContact();
    const state = screen.getByTestId('draft-state');
    expect(state).toHaveTextContent('Drafts are saved as you type');

    // The first save creates the draft; while it is on its way the state
    // says so.
    const first = deferred<ReturnType<typeof draft>>();
    go.SaveDraft.mockReturnValueOnce(first.promise);
    await user.click(screen.getByTestId('case-subject'));
    await user.paste('Printer jams');
    await waitFor(() => expect(state).toHaveTextContent('Saving draft…'));
    expect(go.SaveDraft).toHaveBeenCalledTimes(1);
    expect(go.SaveDraft.mock.calls[0][0]).toEqual({
      id: '',
      subject: 'Printer jams',
      categoryId: '',
      subcategoryId: '',
      description: '',
      priority: 'medium',
      followUpOf: '',
      productVersion: '',
    });

    first.resolve(draft('d1', go.SaveDraft.mock.calls[0][0]));
    await waitFor(() => expect(state).toHaveTextContent('Draft saved'));
    expect(state).toHaveTextContent('Draft saved Dec 2, 2026, 10:15 AM');
    // The address follows the new draft, and the form keeps what is typed.
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent('/contact/d1'));
    expect(screen.getByTestId('case-subject')).toHaveValue('Printer jams');

    // A failed save is said, and what was typed stays.
    go.SaveDraft.mockRejectedValueOnce(goError({ code: 'internal' }));
    await user.click(screen.getByTestId('case-description'));
    await user.paste('Every morning');
    await waitFor(() => expect(state).toHaveTextContent('Could not save the draft; it is kept here and saved with your next change.'));
    expect(go.SaveDraft.mock.calls[1][0]).toMatchObject({ id: 'd1', subject: 'Printer jams', description: 'Every morning' });
    expect(screen.getByTestId('case-description')).toHaveValue('Every morning');

    // The next change saves everything typed so far, to the same draft.
    go.SaveDraft.mockImplementationOnce(async (d: portal.DraftInput) => draft('d1', d, '2026-12-02T10:16:00Z'));
    await user.paste(', before 9');
    await waitFor(() => expect(state).toHaveTextContent('Draft saved Dec 2, 2026, 10:16 AM'));
    expect(go.SaveDraft).toHaveBeenCalledTimes(3);
    expect(go.SaveDraft.mock.calls[2][0]).toMatchObject({ id: 'd1', subject: 'Printer jams', description: 'Every morning, before 9' });

    // The optional product version is saved with the draft like any field.
    go.SaveDraft.mockImplementationOnce(async (d: portal.DraftInput) => draft('d1', d, '2026-12-02T10:17:00Z'));
    const version = screen.getByTestId('case-product-version');
    expect(version).toHaveAttribute('maxlength', '40');
    await user.click(version);
    await user.paste('7.4.2');
    await waitFor(() => expect(state).toHaveTextContent('Draft saved Dec 2, 2026, 10:17 AM'));
    expect(go.SaveDraft.mock.calls[3][0]).toMatchObject({ id: 'd1', subject: 'Printer jams', description: 'Every morning, before 9', productVersion: '7.4.2' });
  });

  it('opens a saved draft with its fields filled in', async () => {
    go.GetDraft.mockResolvedValueOnce(
      draft('d7', { id: 'd7', subject: 'Quiz scores missing', categoryId: 'grading', subcategoryId: 'grading.quiz', description: 'Since Monday', priority: 'high', followUpOf: '', productVersion: '8.1' }),
    );
    renderApp(
      <Routes>
        <Route path="/contact/:draftId" element={<ContactPage suggestions={NoSuggestions} />} />
      </Routes>,
      { path: '/contact/d7' },
    );
    await waitFor(() => expect(screen.getByTestId('case-subject')).toHaveValue('Quiz scores missing'));
    expect(screen.getByTestId('case-subject')).toBeEnabled();
    expect(screen.getByTestId('case-description')).toHaveValue('Since Monday');
    expect(screen.getByTestId('case-product-version')).toHaveValue('8.1');
    expect(screen.getByTestId('case-category')).toHaveValue('Grading');
    expect(screen.getByTestId('case-subcategory')).toHaveValue('Quizzes');
    expect(go.GetDraft).toHaveBeenCalledWith('d7');
    expect(go.SaveDraft).not.toHaveBeenCalled();
  });
});

describe('contact form validation', () => {
  it('puts a rejected field its message and the focus, and a general error under the form', async () => {
    const user = userEvent.setup();
    go.SaveDraft.mockImplementation(async (d: portal.DraftInput) => draft('d2', d));
    renderContact();

    // Submitting an empty form saves it first (creating the draft), then
    // the Go side names the field that is missing.
    go.SubmitDraft.mockRejectedValueOnce(goError({ code: 'invalid', reason: 'required', field: 'subject' }));
    await user.click(screen.getByTestId('case-submit'));
    const subject = screen.getByTestId('case-subject');
    await waitFor(() => expect(subject).toHaveAccessibleDescription('This field is required.'));
    expect(subject).toHaveAttribute('aria-invalid', 'true');
    expect(subject).toHaveFocus();
    expect(go.SubmitDraft).toHaveBeenCalledWith('d2');
    expect(screen.queryByRole('alert')).toBeNull();

    // Typing in the field clears its message.
    await user.paste('Printer jams');
    expect(subject).not.toHaveAccessibleDescription('This field is required.');
    expect(subject).not.toHaveAttribute('aria-invalid', 'true');

    // The next rejection goes to its own field.
    go.SubmitDraft.mockRejectedValueOnce(goError({ code: 'invalid', reason: 'unknown_category', field: 'category' }));
    await user.click(screen.getByTestId('case-submit'));
    const category = screen.getByTestId('case-category');
    await waitFor(() => expect(category).toHaveAccessibleDescription('Pick a Component Category from the list.'));
    expect(category).toHaveFocus();
    expect(subject).not.toHaveAttribute('aria-invalid', 'true');

    // An error that names no field is shown under the form.
    go.SubmitDraft.mockRejectedValueOnce(goError({ code: 'not_found', reason: 'draft_not_found' }));
    await user.click(screen.getByTestId('case-submit'));
    expect(await screen.findByRole('alert')).toHaveTextContent('This draft no longer exists; it was sent or discarded.');
    expect(category).not.toHaveAttribute('aria-invalid', 'true');

    // Accepted: the case opens.
    go.SubmitDraft.mockResolvedValueOnce({ id: 'c1' });
    await user.click(screen.getByTestId('case-submit'));
    await screen.findByTestId('case-page');
    expect(screen.getByTestId('path')).toHaveTextContent('/cases/c1');
    expect(go.SubmitDraft).toHaveBeenCalledTimes(4);
    expect(go.SubmitDraft.mock.calls.every((c) => c[0] === 'd2')).toBe(true);
  });

  it('speaks German', async () => {
    await i18n.changeLanguage('de');
    const user = userEvent.setup();
    go.SaveDraft.mockImplementation(async (d: portal.DraftInput) => draft('d3', d));
    go.SubmitDraft.mockRejectedValueOnce(goError({ code: 'invalid', reason: 'required', field: 'description' }));
    renderContact();
    expect(screen.getByTestId('draft-state')).toHaveTextContent(i18n.t('contact.autosaveHint'));
    await user.click(screen.getByTestId('case-submit'));
    const description = screen.getByTestId('case-description');
    await waitFor(() => expect(description).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText(i18n.t('errors.required'))).toBeInTheDocument();
    expect(i18n.t('errors.required')).not.toBe('This field is required.');
    expect(description).toHaveFocus();
  });
});
