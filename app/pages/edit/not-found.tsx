import { EntryNotFound } from '@/components/forms/EntryNotFound';

export default function PageNotFound() {
  return <EntryNotFound section="pages" />;
}
