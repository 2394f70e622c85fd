import { Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBook2, IconBriefcase, IconExternalLink, IconFileText, IconHeadset } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { portal } from '../../../lib/bridge';
import { openHelpDocuments } from '../../../lib/externalLinks';

function EntryCard(props: { icon: ReactNode; title: string; text: string; action: ReactNode; testId: string }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid={props.testId}>
      <Stack gap="sm" h="100%">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" size={40} radius="md" aria-hidden>
            {props.icon}
          </ThemeIcon>
          <Title order={3} size="h4">
            {props.title}
          </Title>
        </Group>
        <Text c="dimmed" style={{ flex: 1 }}>
          {props.text}
        </Text>
        <Group>{props.action}</Group>
      </Stack>
    </Card>
  );
}

/**
 * The start screen: who is signed in (account, from the app: the account
 * feature's), the knowledge search (search: the knowledge feature's), then
 * the ways to help.
 */
export function HomePage(props: { vendor: portal.VendorProfile; search: ReactNode; account?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={1000}>
      <div>
        <Title order={2}>{t('home.title')}</Title>
        <Text c="dimmed">{t('home.subtitle', { vendor: props.vendor.name })}</Text>
      </div>
      {props.account}
      {props.search}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <EntryCard
          testId="home-knowledge"
          icon={<IconBook2 size={22} />}
          title={t('home.kbTitle')}
          text={t('home.kbText')}
          action={<Button component={Link} to="/knowledge">{t('home.openKnowledge')}</Button>}
        />
        <EntryCard
          testId="home-helpdocs"
          icon={<IconFileText size={22} />}
          title={t('home.helpDocsTitle')}
          text={t('home.helpDocsText', { product: props.vendor.productName })}
          action={
            <Button
              variant="light"
              rightSection={<IconExternalLink size={16} aria-hidden />}
              onClick={() => void openHelpDocuments()}
              title={t('home.helpDocsExternal')}
            >
              {t('home.openHelpDocs')}
            </Button>
          }
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed" data-testid="home-difference">
        {t('home.difference')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <EntryCard
          testId="home-contact"
          icon={<IconHeadset size={22} />}
          title={t('home.contactTitle')}
          text={t('home.contactText')}
          action={<Button variant="default" component={Link} to="/contact">{t('home.contactAction')}</Button>}
        />
        <EntryCard
          testId="home-cases"
          icon={<IconBriefcase size={22} />}
          title={t('home.casesTitle')}
          text={t('home.casesText')}
          action={<Button variant="default" component={Link} to="/cases">{t('home.casesAction')}</Button>}
        />
      </SimpleGrid>
    </Stack>
  );
}
