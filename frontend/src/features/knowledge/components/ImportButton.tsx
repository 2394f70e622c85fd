import { Alert, Button, List, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { useImportKnowledge } from '../api/knowledge';

/**
 * Imports a folder of Markdown articles or a Zendesk Help Center export,
 * like `kb import`, and reports what happened file by file.
 */
export function ImportButton() {
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
  return (
    <>
      <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} loading={importKnowledge.isPending} onClick={() => void run()} data-testid="kb-import">
        {t('knowledge.import')}
      </Button>
      {error ? (
        <Alert color="red" withCloseButton onClose={() => setError(null)} w="100%">
          {errorText(error, t)}
        </Alert>
      ) : null}
      {report ? (
        <Alert
          color={(report.skipped ?? []).length ? 'yellow' : 'teal'}
          title={t('knowledge.importDone')}
          withCloseButton
          onClose={() => setReport(null)}
          w="100%"
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
}
