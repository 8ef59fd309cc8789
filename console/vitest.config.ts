import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

// The console's component and unit tests: a DOM (happy-dom) and React's JSX transform, without
// the services' database setup. Its end-to-end tests (console/test) run with the services.
export default defineProject({
  plugins: [react()],
  test: {
    name: 'console',
    root: import.meta.dirname,
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['src/test-setup.ts'],
  },
});
