import { Alert, Anchor, Button, Card, Drawer, Group, Loader, Stack, Text, Title, Typography } from '@mantine/core';
import { IconBulb, IconCircleCheck } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Go } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { openExternalLinks } from '../../../lib/externalLinks';
import { sanitizeArticle, sanitizeSnippet } from '../../../lib/sanitize';
import { useDebounced } from '../../../lib/useDebounced';
import { useArticle, useSuggestions } from '../../knowledge/api/knowledge';

/**
 * Articles relevant to the case being written. It follows the form with a
 * delay and never blocks typing; an article opens in a drawer so the draft
 * stays on screen.
 */
export function SuggestionsPanel(props: { subject: string; description: string; draftId: string; onSolved: () => void }) {
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
            draftId={props.draftId}
            onSolved={() => {
              setOpen('');
              props.onSolved();
            }}
          />
        ) : null}
      </Drawer>
    </Card>
  );
}

function ArticleInDrawer(props: { id: string; draftId: string; onSolved: () => void }) {
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
        <div onClick={openExternalLinks} dangerouslySetInnerHTML={{ __html: html }} />
      </Typography>
      {err ? <Alert color="red">{errorText(err, t)}</Alert> : null}
      <Button
        color="teal"
        leftSection={<IconCircleCheck size={18} aria-hidden />}
        data-testid="solved-my-problem"
        onClick={async () => {
          try {
            if (props.draftId) await Go.RecordDeflection(props.draftId, props.id);
            props.onSolved();
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
