'use client';
// A background job started from a page (a push, a discovery scan), followed while it runs: its JSON is polled
// every second from `url(id)` until its status is no longer `running`; then the page's server data is refreshed
// (history, findings). `running` is also true between the start and the first answer, so the button stays off.
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function useJobProgress<T extends { status: string }>(key: string, id: number | null, url: (id: number) => string) {
  const router = useRouter();
  const job = useQuery({
    queryKey: [key, id],
    enabled: id !== null,
    queryFn: async (): Promise<T> => {
      const response = await fetch(url(id!), { cache: 'no-store' });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      return response.json();
    },
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : 1000),
  });
  const finished = job.data !== undefined && job.data.status !== 'running';
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);
  const running = job.data?.status === 'running' || (id !== null && job.data === undefined && !job.error);
  return { job, running };
}
