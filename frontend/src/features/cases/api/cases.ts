import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { csvexport, Go, type portal } from '../../../lib/bridge';
import { EventsOn } from '../../../wailsjs/runtime/runtime';

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

export function useComponentCategories() {
  return useQuery({ queryKey: ['componentCategories'], queryFn: () => Go.ComponentCategories(), staleTime: Infinity });
}

export function useDrafts() {
  return useQuery({ queryKey: ['drafts'], queryFn: () => Go.ListDrafts() });
}

export function useDraft(id: string) {
  return useQuery({ queryKey: ['draft', id], queryFn: () => Go.GetDraft(id), enabled: !!id, staleTime: Infinity });
}

export function useCases(f: portal.CaseFilter) {
  return useQuery({
    queryKey: ['cases', f],
    queryFn: () => Go.ListCases(f),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({ queryKey: ['case', id], queryFn: () => Go.GetCase(id), enabled: !!id });
}

/** Invalidate what a change to cases or the outbox affects. */
export function useCaseInvalidation() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['cases'] });
    void qc.invalidateQueries({ queryKey: ['drafts'] });
    void qc.invalidateQueries({ queryKey: ['syncStatus'] });
  };
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
      void qc.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
}

export interface Progress {
  draftId: string;
  name: string;
  copied: number;
  total: number;
}

/** Copy progress of attachments, reported by the Go side as it copies. */
export function useAttachmentProgress(onProgress: (p: Progress) => void) {
  useEffect(() => {
    // EventsOn needs the Wails runtime; without it (unit tests) do nothing.
    if (!(window as unknown as { runtime?: unknown }).runtime) return;
    return EventsOn('attachment:progress', (p: Progress) => onProgress(p));
  }, [onProgress]);
}
