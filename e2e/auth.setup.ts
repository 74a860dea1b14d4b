// Signs in through the real sign-in page once per role and saves the browser state the other specs reuse.
import { expect, test as setup } from '@playwright/test';
import { fixtures, storageStateFor, type E2eRole } from './auth-fixtures';

for (const role of ['admin', 'editor', 'viewer'] as const satisfies readonly E2eRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const f = fixtures();
    await page.goto('/services');
    // Anonymous: sent to the sign-in page, which remembers where we were going.
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fservices$/);
    await page.getByLabel('Email').fill(f.users[role]);
    await page.getByLabel('Password').fill(f.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByTestId('current-role')).toHaveText(role);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}

setup('a wrong password is refused with a message', async ({ page }) => {
  const f = fixtures();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(f.users.viewer);
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/sign-in$/);
});
