import { EntryNotFound } from '@/components/forms/EntryNotFound';

export default function HostNotFound() {
  return <EntryNotFound section="hosts" />;
}
