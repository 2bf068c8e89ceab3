import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { mainFields: ['module', 'main'] },
  test: {
    server: { deps: { inline: [/@tensorflow\//] } },
  },
});
