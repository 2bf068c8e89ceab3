import type { PreviewServer } from 'vite';

export const playgroundRoot: string;
export function startServer(options?: { port?: number; host?: string; strictPort?: boolean }): Promise<PreviewServer>;
