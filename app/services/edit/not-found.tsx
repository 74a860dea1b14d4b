import { EntryNotFound } from '@/components/forms/EntryNotFound';

export default function ServiceNotFound() {
  return <EntryNotFound section="services" />;
}
