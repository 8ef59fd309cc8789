import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiProblemError } from '../api/api-problem';
import { fakeSessionApi, renderInConsole } from '../test-render';
import { LoginPage, safeNextPath } from './login-page';
import { SessionStore } from './session-store';

describe('the sign-in page', () => {
  it('shows a refused sign-in in words, with the wait and the request id', async () => {
    const store = new SessionStore(
      fakeSessionApi({
        login: () =>
          Promise.reject(
            new ApiProblemError([
              { message: 'Too many failed sign-ins', code: 'RATE_LIMITED', requestId: 'req-42', retryAfterSeconds: 30 },
            ]),
          ),
      }),
    );
    renderInConsole(<LoginPage />, store, '/login');
    fireEvent.change(screen.getByLabelText(/Login/), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('Too many failed sign-ins Try again in 30 s.'),
    );
    expect(screen.getByRole('alert').textContent).toContain('RATE_LIMITED');
    expect(screen.getByLabelText('Copy request id req-42')).toBeTruthy();
  });

  it('says when the session ended elsewhere', () => {
    renderInConsole(<LoginPage />, undefined, '/login?next=%2Fscripts%2Fx&ended=1');
    expect(screen.getByText(/Your session ended elsewhere/)).toBeTruthy();
  });

  it('returns only to pages of the console after signing in', () => {
    expect(safeNextPath('/scripts/1?tab=x')).toBe('/scripts/1?tab=x');
    expect(safeNextPath('//evil.example/')).toBe('/');
    expect(safeNextPath('https://evil.example/')).toBe('/');
    expect(safeNextPath('/login?next=/')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});
