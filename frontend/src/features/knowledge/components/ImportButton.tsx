import { Alert, Button, List, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { useImportKnowledge } from '../api/knowledge';

/**
 * Imports a folder of Markdown articles or a Zendesk Help Center export,
 * like `kb import`, and reports what happened file by file: the button,
 * and the outcome to show below the page's header (beside the button it
 * pushed the header's other buttons onto a line of their own).
 */
export function useKnowledgeImport(): { button: ReactNode; outcome: ReactNode } {
  const { t } = useTranslation();
  const importKnowledge = useImportKnowledge();
  const [report, setReport] = useState<portal.ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setError(null);
    try {
      const r = await importKnowledge.mutateAsync(t('knowledge.importDialog'));
      if (r) setReport(r);
    } catch (e) {
      setError(e);
    }
  };
  const button = (
    <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} loading={importKnowledge.isPending} onClick={() => void run()} data-testid="kb-import">
      {t('knowledge.import')}
    </Button>
  );
  const outcome = (
    <>
      {error ? (
        <Alert color="red" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setError(null)}>
          {errorText(error, t)}
        </Alert>
      ) : null}
      {report ? (
        <Alert
          color={(report.skipped ?? []).length ? 'yellow' : 'teal'}
          title={t('knowledge.importDone')}
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setReport(null)}
          data-testid="kb-import-report"
        >
          <Text size="sm">{t('knowledge.importCounts', { created: report.created, updated: report.updated, unchanged: report.unchanged })}</Text>
          {(report.skipped ?? []).length ? (
            <>
              <Text size="sm" mt="xs">
                {t('knowledge.importSkipped', { count: report.skipped.length })}
              </Text>
              <List size="sm">
                {report.skipped.slice(0, 50).map((s) => (
                  <List.Item key={s.file}>
                    <b>{s.file}</b>: {s.reason}
                  </List.Item>
                ))}
              </List>
            </>
          ) : null}
        </Alert>
      ) : null}
    </>
  );
  return { button, outcome };
}
