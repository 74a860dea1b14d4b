import { EntryNotFound } from '@/components/forms/EntryNotFound';

export default function OwnerNotFound() {
  return <EntryNotFound section="owners" />;
}
