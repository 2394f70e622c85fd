import { Button, Card } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDebounced } from '../../../hooks/useDebounced';
import { SearchBar } from './SearchBar';
import { SearchResults } from './SearchResults';

/**
 * The search box of Home: the first few results under it as the user
 * types, and a way to all of them on Knowledge Articles.
 */
export function QuickSearch() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = useDebounced(text, 120);
  return (
    <>
      <SearchBar value={text} onChange={setText} takeFocus />
      {query.trim() ? (
        <Card withBorder padding="md" data-testid="home-results" data-query={query}>
          <SearchResults query={query} categoryId="" page={1} limit={5} compact />
          <Button component={Link} to={`/knowledge?q=${encodeURIComponent(text)}`} variant="subtle" mt="xs">
            {t('knowledge.seeAll')}
          </Button>
        </Card>
      ) : null}
    </>
  );
}
