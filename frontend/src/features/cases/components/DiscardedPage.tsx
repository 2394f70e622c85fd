import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { restoreDraft, useCaseInvalidation } from '../api/cases';

/** Shown after a draft was discarded: one click brings it back. */
export function DiscardedPage() {
  const { draftId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const invalidate = useCaseInvalidation();
  return (
    <Stack maw={560} gap="md" data-testid="discarded">
      <Title order={2}>{t('contact.discardedTitle')}</Title>
      <Text>{t('contact.discardedText')}</Text>
      <Group>
        <Button
          onClick={async () => {
            await restoreDraft(draftId);
            invalidate();
            navigate(`/contact/${draftId}`, { replace: true });
          }}
          data-testid="undo-discard"
        >
          {t('contact.undo')}
        </Button>
        <Button variant="default" component={Link} to="/contact">
          {t('contact.newCase')}
        </Button>
      </Group>
    </Stack>
  );
}
