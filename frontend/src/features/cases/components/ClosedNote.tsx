import { Alert, Button, Group, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { portal } from '../../../lib/bridge';
import { createFollowUp } from '../api/cases';

/** In place of the comment box on a closed case: a follow-up case instead, where allowed. */
export function ClosedNote(props: { case: portal.CaseDetail }) {
  const c = props.case;
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Alert color="gray" icon={<IconLock aria-hidden />} data-testid="case-closed-note">
      <Group justify="space-between">
        <Text size="sm">{t('cases.closedNote')}</Text>
        {c.canFollowUp ? (
          <Button
            size="xs"
            onClick={async () => {
              const d = await createFollowUp(c.id);
              navigate(`/contact/${d.id}`);
            }}
            data-testid="follow-up"
          >
            {t('cases.createFollowUp')}
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}
