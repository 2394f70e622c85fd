import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { csvexport, Go, type portal, printdoc } from '../../../lib/bridge';
import { type AttachmentProgress, onEvent } from '../../../lib/events';
import { syncStatusKey } from '../../../lib/syncStatus';

export const caseKeys = {
  categories: ['componentCategories'] as const,
  drafts: ['drafts'] as const,
  draft: (id: string) => ['draft', id] as const,
  lists: ['cases'] as const,
  list: (f: portal.CaseFilter) => ['cases', f] as const,
  detail: (id: string) => ['case', id] as const,
};

export const CASE_PAGE = 25;

/** Every case matching the filter (all pages), for the CSV export. */
export async function listAllCases(f: Omit<portal.CaseFilter, 'offset' | 'limit'>): Promise<portal.CaseSummary[]> {
  const limit = 200; // portal.MaxCaseLimit
  const items: portal.CaseSummary[] = [];
  for (;;) {
    const p = await Go.ListCases({ ...f, offset: items.length, limit });
    items.push(...p.items);
    if (p.items.length === 0 || items.length >= p.total) return items;
  }
}

/** Saves a table through the native save dialog; "" when cancelled. */
export function exportCsv(t: { fileName: string; locale: string; header: string[]; rows: string[][] }): Promise<string> {
  return Go.ExportCSV(csvexport.Table.createFrom(t));
}

/** A printable document as the screen words it (printdoc.Document in Go). */
export interface Printable {
  fileName: string;
  lang: string;
  title: string;
  fields: { label: string; value: string }[];
  sections: { heading: string; entries: { heading: string; body: string; attachments: string[]; kind: string }[] }[];
  footer: string;
}

/** Saves a case as one printable HTML file through the native save dialog; "" when cancelled. */
export function savePrintable(d: Printable): Promise<string> {
  return Go.SavePrintable(printdoc.Document.createFrom(d));
}

export function useComponentCategories() {
  return useQuery({ queryKey: caseKeys.categories, queryFn: () => Go.ComponentCategories(), staleTime: Infinity });
}

export function useDrafts() {
  return useQuery({ queryKey: caseKeys.drafts, queryFn: () => Go.ListDrafts() });
}

export function useDraft(id: string) {
  return useQuery({ queryKey: caseKeys.draft(id), queryFn: () => Go.GetDraft(id), enabled: !!id, staleTime: Infinity });
}

export function useCases(f: portal.CaseFilter) {
  return useQuery({
    queryKey: caseKeys.list(f),
    queryFn: () => Go.ListCases(f),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({ queryKey: caseKeys.detail(id), queryFn: () => Go.GetCase(id), enabled: !!id });
}

/** Invalidate what a change to cases or the outbox affects. */
export function useCaseInvalidation() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: caseKeys.lists });
    void qc.invalidateQueries({ queryKey: caseKeys.drafts });
    void qc.invalidateQueries({ queryKey: syncStatusKey });
  };
}

/** Refetches one draft (its attachments changed). */
export function useDraftRefresh() {
  const qc = useQueryClient();
  return (id: string) => void qc.invalidateQueries({ queryKey: caseKeys.draft(id) });
}

/** Refetches one case (its comment's attachments changed). */
export function useCaseRefresh() {
  const qc = useQueryClient();
  return (id: string) => void qc.invalidateQueries({ queryKey: caseKeys.detail(id) });
}

/** Saves a draft; the first save (no id) creates it. */
export function saveDraft(d: portal.DraftInput): Promise<portal.Draft> {
  return Go.SaveDraft(d);
}

/** Hides a draft; restoreDraft is its Undo. */
export function discardDraft(id: string): Promise<void> {
  return Go.DiscardDraft(id);
}

export function restoreDraft(id: string): Promise<void> {
  return Go.RestoreDraft(id);
}

/** Notes on the draft that an article solved the problem. */
export function recordDeflection(draftId: string, articleId: string): Promise<void> {
  return Go.RecordDeflection(draftId, articleId);
}

/** Saves the comment being typed on a case, as the user types. */
export function saveCommentDraft(caseId: string, body: string): Promise<void> {
  return Go.SaveCommentDraft(caseId, body);
}

/** A new draft that follows up a closed case. */
export function createFollowUp(caseId: string): Promise<portal.Draft> {
  return Go.CreateFollowUp(caseId);
}

export function useSubmitDraft() {
  const invalidate = useCaseInvalidation();
  return useMutation({ mutationFn: (id: string) => Go.SubmitDraft(id), onSuccess: invalidate });
}

export function useAddComment(caseId: string) {
  const qc = useQueryClient();
  const invalidate = useCaseInvalidation();
  return useMutation({
    mutationFn: (body: string) => Go.AddComment(caseId, body),
    onSuccess: () => {
      invalidate();
      void qc.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
    },
  });
}

/** Ratings a customer gives a solved case ("Did this solve your problem?"). */
export type Rating = 'satisfied' | 'not_satisfied';

/**
 * Rates a solved case, or changes its rating; kept and queued offline. The
 * answer is the case as it is now, rating included (waiting to be sent).
 */
export function useRateCase(caseId: string) {
  const qc = useQueryClient();
  const invalidate = useCaseInvalidation();
  return useMutation({
    mutationFn: (v: { rating: Rating; comment: string }) => Go.RateCase(caseId, v.rating, v.comment),
    onSuccess: (d) => {
      qc.setQueryData(caseKeys.detail(caseId), d);
      invalidate();
    },
  });
}

/** Removes a rating the server refused, once the user has read why. */
export function useDismissRatingRefusal(caseId: string) {
  const qc = useQueryClient();
  const invalidate = useCaseInvalidation();
  return useMutation({
    mutationFn: () => Go.DismissRatingRefusal(caseId),
    onSuccess: (d) => {
      qc.setQueryData(caseKeys.detail(caseId), d);
      invalidate();
    },
  });
}

/** Where chosen or dropped files go: a case draft, or the comment being typed on a case. */
export interface AttachTarget {
  /** The native file dialog, titled dialogTitle; a cancelled dialog attaches nothing. */
  choose: (id: string, dialogTitle: string) => Promise<portal.AttachmentResult>;
  /** Files dropped on the window, by the tokens Go gave them. */
  addPaths: (id: string, tokens: string[]) => Promise<portal.AttachmentResult>;
}

export const draftFiles: AttachTarget = {
  choose: (id, dialogTitle) => Go.ChooseAttachments(id, dialogTitle),
  addPaths: (id, tokens) => Go.AddAttachmentPaths(id, tokens),
};

export const commentFiles: AttachTarget = {
  choose: (id, dialogTitle) => Go.ChooseCommentAttachments(id, dialogTitle),
  addPaths: (id, tokens) => Go.AddCommentAttachmentPaths(id, tokens),
};

export function removeAttachment(id: string): Promise<void> {
  return Go.RemoveAttachment(id);
}

/** Opens an attachment with the program the desktop chooses for it. */
export function openAttachment(id: string): Promise<void> {
  return Go.OpenAttachment(id);
}

/** Saves a copy of an attachment where the native save dialog says. */
export function saveAttachmentAs(id: string): Promise<void> {
  return Go.SaveAttachmentAs(id);
}

export type Progress = AttachmentProgress;

/** Copy progress of attachments, reported by the Go side as it copies. */
export function useAttachmentProgress(onProgress: (p: Progress) => void) {
  useEffect(() => onEvent('attachment:progress', onProgress), [onProgress]);
}
