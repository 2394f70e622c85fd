import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Go } from '../../../lib/bridge';
import { useSettings } from '../../../lib/settings';

// Every knowledge query is keyed by the UI language: articles are shown in
// it (falling back to English), so a language switch refetches them.
function useLang() {
  return useSettings()?.language ?? 'en';
}

export const kbKeys = {
  all: ['kb'] as const,
  categories: (lang: string) => ['kb', lang, 'categories'] as const,
  articles: (lang: string, categoryId: string, page: number) => ['kb', lang, 'articles', categoryId, page] as const,
  article: (lang: string, id: string) => ['kb', lang, 'article', id] as const,
  search: (lang: string, text: string, categoryId: string, page: number, limit: number, noCorrect: boolean) =>
    ['kb', lang, 'search', text, categoryId, page, limit, noCorrect] as const,
  recent: (lang: string) => ['kb', lang, 'recent'] as const,
  suggest: (lang: string, subject: string, description: string) => ['kb', lang, 'suggest', subject, description] as const,
};

export const PAGE_SIZE = 20;

export function useCategories() {
  const lang = useLang();
  return useQuery({ queryKey: kbKeys.categories(lang), queryFn: () => Go.KnowledgeCategories() });
}

export function useArticles(categoryId: string, page: number) {
  const lang = useLang();
  return useQuery({
    queryKey: kbKeys.articles(lang, categoryId, page),
    queryFn: () => Go.KnowledgeArticles(categoryId, (page - 1) * PAGE_SIZE, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string) {
  const lang = useLang();
  const qc = useQueryClient();
  return useQuery({
    queryKey: kbKeys.article(lang, id),
    queryFn: async () => {
      const a = await Go.KnowledgeArticle(id);
      // Opening an article changes "recently viewed".
      void qc.invalidateQueries({ queryKey: kbKeys.recent(lang) });
      return a;
    },
    enabled: !!id,
  });
}

/** noCorrect searches the words as typed, without spelling correction. */
export function useSearch(text: string, categoryId: string, page: number, limit = PAGE_SIZE, noCorrect = false) {
  const lang = useLang();
  const q = text.trim();
  return useQuery({
    queryKey: kbKeys.search(lang, q, categoryId, page, limit, noCorrect),
    queryFn: () =>
      Go.SearchKnowledge({ text: q, categoryId, offset: (page - 1) * limit, limit, language: '', noCorrect }),
    enabled: q.length > 0,
    // Keep showing the previous results while the next keystroke's arrive,
    // so the list never flashes empty while typing.
    placeholderData: keepPreviousData,
  });
}

export function useRecent() {
  const lang = useLang();
  return useQuery({ queryKey: kbKeys.recent(lang), queryFn: () => Go.RecentArticles() });
}

export function useSuggestions(subject: string, description: string) {
  const lang = useLang();
  const enabled = (subject + description).trim().length >= 3;
  return useQuery({
    queryKey: kbKeys.suggest(lang, subject.trim(), description.trim()),
    queryFn: () => Go.SuggestArticles(subject, description),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useFeedback(articleId: string) {
  return useMutation({ mutationFn: (helpful: boolean) => Go.ArticleFeedback(articleId, helpful) });
}

/**
 * Imports a folder of Markdown articles or a Zendesk export chosen in the
 * native dialog (titled dialogTitle); null when the dialog was cancelled.
 */
export function useImportKnowledge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (dialogTitle: string) => Go.ImportKnowledge(dialogTitle),
    onSuccess: (r) => {
      if (r) void qc.invalidateQueries({ queryKey: kbKeys.all });
    },
  });
}
