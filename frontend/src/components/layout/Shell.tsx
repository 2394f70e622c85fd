import { AppShell, Group, NavLink, ScrollArea, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconBook2,
  IconBriefcase,
  IconHeadset,
  IconHome,
  IconLifebuoy,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

const items = [
  { to: '/', key: 'nav.home', icon: IconHome },
  { to: '/knowledge', key: 'nav.knowledge', icon: IconBook2 },
  { to: '/contact', key: 'nav.contact', icon: IconHeadset },
  { to: '/cases', key: 'nav.cases', icon: IconBriefcase },
  { to: '/account', key: 'nav.account', icon: IconUsers },
  { to: '/settings', key: 'nav.settings', icon: IconSettings },
] as const;

/**
 * The window's frame: header, navigation and the screen. What it shows from
 * the features comes in from the app: status (the header's sync state) and
 * updateNotice (below the navigation, except on My Settings, which shows it
 * in its About section).
 */
export function Shell(props: { vendorName: string; status: ReactNode; updateNotice: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon size={32} radius="md" aria-hidden>
              <IconLifebuoy size={20} />
            </ThemeIcon>
            <div>
              <Title order={1} size="h5" lh={1.1}>
                {t('app.name')}
              </Title>
              <Text size="xs" c="dimmed" lh={1.1}>
                {t('app.tagline', { vendor: props.vendorName })}
              </Text>
            </div>
          </Group>
          {props.status}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.label')}>
        <ScrollArea style={{ flex: 1 }}>
          {items.map((it) => {
            const active = it.to === '/' ? pathname === '/' : pathname.startsWith(it.to);
            return (
              <NavLink
                key={it.to}
                component={Link}
                to={it.to}
                label={t(it.key)}
                leftSection={<it.icon size={18} aria-hidden />}
                active={active}
                aria-current={active ? 'page' : undefined}
                variant="light"
                style={{ borderRadius: 6 }}
              />
            );
          })}
        </ScrollArea>
        {pathname.startsWith('/settings') ? null : props.updateNotice}
      </AppShell.Navbar>
      <AppShell.Main>{props.children}</AppShell.Main>
    </AppShell>
  );
}
