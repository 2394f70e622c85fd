import { Alert, Anchor, Badge, Button, Card, Grid, Group, Loader, NavLink, Pagination, Stack, Text, Title } from '@mantine/core';
import { IconBook2, IconExternalLink } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/ui/EmptyState';
import { useDebounced } from '../../../hooks/useDebounced';
import { useKeyedState } from '../../../hooks/useKeyedState';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { openHelpDocuments } from '../../../lib/externalLinks';
import { PAGE_SIZE, useArticles, useCategories, useRecent } from '../api/knowledge';
import { ImportButton } from './ImportButton';
import { SearchBar } from './SearchBar';
import { SearchResults } from './SearchResults';

function CategoryTree(props: { cats: portal.Category[]; selected: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const total = props.cats.reduce((n, c) => n + c.articleCount, 0);
  return (
    <nav aria-label={t('knowledge.categories')}>
      <NavLink
        label={t('knowledge.allCategories')}
        rightSection={<Badge variant="light" size="sm">{total}</Badge>}
        active={props.selected === ''}
        onClick={() => props.onSelect('')}
        style={{ borderRadius: 6 }}
      />
      {props.cats.map((c) => (
        <NavLink
          key={c.id}
          label={c.name}
          rightSection={<Badge variant="light" size="sm">{c.articleCount}</Badge>}
          active={props.selected === c.id}
          defaultOpened={props.selected === c.id || (c.children ?? []).some((s) => s.id === props.selected)}
          onClick={() => props.onSelect(c.id)}
          style={{ borderRadius: 6 }}
          data-testid="kb-category"
        >
          {(c.children ?? []).length > 0
            ? c.children.map((s) => (
                <NavLink
                  key={s.id}
                  label={s.name}
                  rightSection={<Badge variant="transparent" size="sm">{s.articleCount}</Badge>}
                  active={props.selected === s.id}
                  onClick={() => props.onSelect(s.id)}
                  style={{ borderRadius: 6 }}
                />
              ))
            : undefined}
        </NavLink>
      ))}
    </nav>
  );
}

function ArticleList(props: { categoryId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useKeyedState(1, props.categoryId);
  const list = useArticles(props.categoryId, page);
  if (list.isError) return <Alert color="red">{errorText(list.error, t)}</Alert>;
  if (!list.data) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (list.data.items.length === 0) {
    return <EmptyState icon={<IconBook2 size={32} />} title={t('empty.knowledgeTitle')} text={t('empty.knowledgeText')} />;
  }
  const pages = Math.ceil(list.data.total / PAGE_SIZE);
  return (
    <Stack gap="md" data-testid="kb-list">
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {list.data.items.map((a) => (
          <li key={a.id}>
            <Anchor component={Link} to={`/knowledge/a/${a.id}`} fw={600}>
              {a.title}
            </Anchor>
            <Text size="sm" c="dimmed" lineClamp={2}>
              {a.summary}
            </Text>
          </li>
        ))}
      </Stack>
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} /> : null}
    </Stack>
  );
}

function Recent() {
  const { t } = useTranslation();
  const recent = useRecent();
  if (!recent.data || recent.data.length === 0) return null;
  return (
    <Card withBorder padding="md">
      <Title order={3} size="h5" mb="xs">
        {t('knowledge.recent')}
      </Title>
      <Stack gap={4}>
        {recent.data.slice(0, 5).map((a) => (
          <Anchor key={a.id} component={Link} to={`/knowledge/a/${a.id}`} size="sm">
            {a.title}
          </Anchor>
        ))}
      </Stack>
    </Card>
  );
}

export function KnowledgePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const category = params.get('c') ?? '';
  const [text, setText] = useState(params.get('q') ?? '');
  // Results follow typing after a short pause; typing itself never waits.
  const query = useDebounced(text, 120);
  // A new question or category starts at the first page.
  const [page, setPage] = useKeyedState(1, JSON.stringify([query, category]));
  const cats = useCategories();

  // The address follows the question as it changes (replacing the entry,
  // not adding to the history); the screen opens on the address's question.
  const urlQuery = useRef(query);
  useEffect(() => {
    if (urlQuery.current === query) return;
    urlQuery.current = query;
    setParams(
      (cur) => {
        const next = new URLSearchParams(cur);
        if (query) next.set('q', query);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [query, setParams]);

  const selectCategory = (id: string) => {
    const next = new URLSearchParams(params);
    if (id) next.set('c', id);
    else next.delete('c');
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('nav.knowledge')}</Title>
          <Text c="dimmed">{t('home.difference')}</Text>
        </div>
        <Group gap="xs">
          <ImportButton />
          <Button
            variant="subtle"
            rightSection={<IconExternalLink size={16} aria-hidden />}
            onClick={() => void openHelpDocuments()}
          >
            {t('home.openHelpDocs')}
          </Button>
        </Group>
      </Group>
      <SearchBar value={text} onChange={setText} takeFocus />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            {cats.isError ? <Alert color="red">{errorText(cats.error, t)}</Alert> : null}
            {cats.data ? <CategoryTree cats={cats.data} selected={category} onSelect={selectCategory} /> : <Loader size="sm" />}
            <Recent />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {query.trim() ? (
            <SearchResults query={query} categoryId={category} page={page} onPage={setPage} />
          ) : (
            <ArticleList categoryId={category} />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
