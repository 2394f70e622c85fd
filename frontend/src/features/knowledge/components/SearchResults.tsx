import { Alert, Anchor, Button, Group, Loader, Pagination, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { IconHeadset, IconSearchOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/EmptyState';
import { errorText } from '../../../lib/errors';
import { correctedQuery } from '../../../lib/correction';
import { sanitizeSnippet } from '../../../lib/sanitize';
import { useFormatPrefs } from '../../../lib/settings';
import { formatNumber } from '../../../lib/format';
import { PAGE_SIZE, useSearch } from '../api/knowledge';

export function SearchResults(props: {
  query: string;
  categoryId: string;
  page: number;
  onPage?: (p: number) => void;
  limit?: number;
  compact?: boolean;
}) {
  const limit = props.limit ?? PAGE_SIZE;
  // "Search instead for" the original words: holds the question it was
  // chosen for, so typing a new question searches with correction again.
  const [asTypedFor, setAsTypedFor] = useState<string | null>(null);
  const asTyped = asTypedFor === props.query.trim();
  const res = useSearch(props.query, props.categoryId, props.page, limit, asTyped);
  // While typing, the previous query's results stay on screen; this names the
  // query the shown state really answers, so tests can wait for it.
  const settled = !res.isFetching && !res.isPlaceholderData ? props.query.trim() : undefined;
  return (
    <div data-settled-query={settled}>
      <ResultsState
        {...props}
        limit={limit}
        res={res}
        asTyped={asTyped}
        onSearchOriginal={() => {
          setAsTypedFor(props.query.trim());
          props.onPage?.(1);
        }}
      />
    </div>
  );
}

function ResultsState(props: {
  query: string;
  page: number;
  onPage?: (p: number) => void;
  limit: number;
  compact?: boolean;
  res: ReturnType<typeof useSearch>;
  asTyped: boolean;
  onSearchOriginal: () => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const { res, limit } = props;
  if (res.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(res.error, t)}
      </Alert>
    );
  }
  if (!res.data) {
    return <Loader size="sm" aria-label={t('common.loading')} />;
  }
  const r = res.data;
  if (r.hits.length === 0) {
    return (
      <EmptyState
        icon={<IconSearchOff size={32} />}
        title={t('knowledge.noResultsTitle', { query: props.query.slice(0, 80) })}
        text={t('knowledge.noResultsText')}
        action={
          <Button component={Link} to="/contact" leftSection={<IconHeadset size={16} aria-hidden />}>
            {t('nav.contact')}
          </Button>
        }
      />
    );
  }
  const corrections = Object.entries(r.corrections ?? {});
  const pages = Math.ceil(r.total / limit);
  return (
    <Stack gap="sm" data-testid="kb-results" aria-busy={res.isFetching}>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {t('knowledge.resultsCount', {
            count: r.total,
            formatted: formatNumber(r.total, prefs) + (r.totalCapped ? '+' : ''),
          })}
        </Text>
        {res.isFetching ? <Loader size="xs" /> : null}
      </Group>
      {corrections.length > 0 ? (
        <Text size="sm" data-testid="kb-corrections">
          {t('knowledge.showingResultsFor')}{' '}
          <Text span fw={600}>
            {correctedQuery(props.query, r.corrections ?? {}).map((p, i) =>
              p.corrected ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
            )}
          </Text>
          <br />
          {t('knowledge.searchOriginal')}{' '}
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={props.onSearchOriginal}
            data-testid="kb-search-original"
          >
            {props.query.trim()}
          </Anchor>
        </Text>
      ) : props.asTyped ? (
        <Text size="sm" c="dimmed" data-testid="kb-searched-as-typed">
          {t('knowledge.searchedAsTyped')}
        </Text>
      ) : null}
      <Stack gap={props.compact ? 'xs' : 'md'} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {r.hits.map((h) => (
          <li key={h.id}>
            <Anchor component={Link} to={`/knowledge/a/${h.id}`} fw={600} data-testid="kb-hit">
              {h.title}
            </Anchor>
            <Text size="xs" c="dimmed">
              {h.categoryPath}
            </Text>
            {!props.compact ? (
              <Text size="sm" className="kb-snippet" dangerouslySetInnerHTML={{ __html: sanitizeSnippet(h.snippet) }} />
            ) : null}
          </li>
        ))}
      </Stack>
      {props.onPage && pages > 1 ? (
        <Pagination
          total={pages}
          value={props.page}
          onChange={props.onPage}
          getControlProps={(c) => ({ 'aria-label': t(`knowledge.page_${c}`) })}
        />
      ) : null}
    </Stack>
  );
}
