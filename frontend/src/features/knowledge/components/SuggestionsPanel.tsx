import { Alert, Anchor, Button, Card, Drawer, Group, Loader, Stack, Text, Title, Typography } from '@mantine/core';
import { IconBulb, IconCircleCheck } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../../hooks/useDebounced';
import { errorText } from '../../../lib/errors';
import { externalLinks } from '../../../lib/externalLinks';
import { sanitizeArticle, sanitizeSnippet } from '../../../lib/sanitize';
import { useArticle, useSuggestions } from '../api/knowledge';

/**
 * What the contact form gives the panel: the case as typed so far, and
 * what to do when an article solved the problem (the contact form records
 * it on the draft; when that fails the panel shows why).
 */
export interface SuggestionsProps {
  subject: string;
  description: string;
  onSolved: (articleId: string) => Promise<void>;
}

/**
 * Articles relevant to the case being written. It follows the form with a
 * delay and never blocks typing; an article opens in a drawer so the draft
 * stays on screen.
 */
export function SuggestionsPanel(props: SuggestionsProps) {
  const { t } = useTranslation();
  const subject = useDebounced(props.subject, 300);
  const description = useDebounced(props.description, 300);
  const sugg = useSuggestions(subject, description);
  const [open, setOpen] = useState('');

  return (
    <Card withBorder padding="md" component="aside" aria-label={t('contact.suggestions')} data-testid="suggestions">
      <Group gap="xs" mb="xs">
        <IconBulb size={18} aria-hidden />
        <Title order={3} size="h5">
          {t('contact.suggestions')}
        </Title>
        {sugg.isFetching ? <Loader size="xs" /> : null}
      </Group>
      {!sugg.data || sugg.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {(subject + description).trim().length < 3 ? t('contact.suggestionsHint') : t('contact.suggestionsNone')}
        </Text>
      ) : (
        <Stack gap="sm">
          {sugg.data.map((h) => (
            <div key={h.id}>
              <Anchor component="button" type="button" fw={600} size="sm" onClick={() => setOpen(h.id)} data-testid="suggestion">
                {h.title}
              </Anchor>
              <Text size="xs" c="dimmed" lineClamp={3} dangerouslySetInnerHTML={{ __html: sanitizeSnippet(h.snippet) }} />
            </div>
          ))}
        </Stack>
      )}
      <Drawer opened={!!open} onClose={() => setOpen('')} position="right" size="lg" title={t('contact.suggestedArticle')}>
        {open ? (
          <ArticleInDrawer
            id={open}
            onSolved={async () => {
              await props.onSolved(open);
              setOpen('');
            }}
          />
        ) : null}
      </Drawer>
    </Card>
  );
}

function ArticleInDrawer(props: { id: string; onSolved: () => Promise<void> }) {
  const { t } = useTranslation();
  const a = useArticle(props.id);
  const html = useMemo(() => sanitizeArticle(a.data?.bodyHtml ?? ''), [a.data?.bodyHtml]);
  const [err, setErr] = useState<unknown>(null);
  if (a.isError) return <Alert color="red">{errorText(a.error, t)}</Alert>;
  if (!a.data) return <Loader />;
  return (
    <Stack>
      <Title order={2} size="h3">
        {a.data.title}
      </Title>
      <Typography>
        <div ref={externalLinks} dangerouslySetInnerHTML={{ __html: html }} />
      </Typography>
      {err ? <Alert color="red">{errorText(err, t)}</Alert> : null}
      <Button
        color="teal"
        leftSection={<IconCircleCheck size={18} aria-hidden />}
        data-testid="solved-my-problem"
        onClick={async () => {
          try {
            await props.onSolved();
          } catch (e) {
            setErr(e);
          }
        }}
      >
        {t('contact.solvedMyProblem')}
      </Button>
    </Stack>
  );
}
