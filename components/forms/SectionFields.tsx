'use client';
// The fields of each section's form. A service shows only what its type has: namespace (Kubernetes),
// host (Docker), host + unit (systemd).
import Link from 'next/link';
import { HTTP_METHODS, SERVICE_TYPES } from '@/lib/registry/model';
import { AlertPicker, type TemplateOption } from './AlertPicker';
import { CheckboxField, CheckboxGroup, SelectField, TextField, type FormApi } from './Field';
import { fieldShown, type FormSection } from './form-sections';

export interface FieldOptions {
  ownerNames: readonly string[];
  /** registered hosts: suggested in a service's Host field (by name; the address shows beside it) */
  hosts: readonly { name: string; address: string }[];
  templates: readonly TemplateOption[];
}

const grid = 'grid gap-5 sm:grid-cols-2';

function ServiceFields({ api, options }: { api: FormApi; options: FieldOptions }) {
  const shown = (f: string) => fieldShown('services', api.draft, f);
  return (
    <>
      <div className={grid}>
        <TextField api={api} field="name" required mono hint='Letters, digits, ".", "_" or "-".' />
        <SelectField api={api} field="type" required options={SERVICE_TYPES} hint="Which fields apply depends on the type." />
        <SelectField
          api={api}
          field="owner"
          required
          options={options.ownerNames}
          placeholder="Choose an owner…"
          hint={
            <>
              Missing one? Add it under <Link href="/owners">Owners</Link> first.
            </>
          }
        />
        {shown('namespace') && <TextField api={api} field="namespace" required mono placeholder="awoooi-prod" />}
        {shown('host') && (
          <TextField
            api={api}
            field="host"
            required
            mono
            placeholder="192.168.0.10 or db-1.internal"
            suggestions={options.hosts.map((h) => ({ value: h.name, label: h.address }))}
            hint={
              <>
                A name from <Link href="/hosts">Hosts</Link> or any address.
              </>
            }
          />
        )}
        {shown('service_name') && <TextField api={api} field="service_name" required mono placeholder="nginx.service" />}
        <TextField api={api} field="port" numeric="numeric" mono placeholder="8080" hint="Optional, 1 to 65535." />
        <TextField
          api={api}
          field="health_endpoint"
          mono
          placeholder="/health"
          hint="Optional: an HTTP path, an exec-probe file path or a command."
        />
      </div>
      <CheckboxGroup api={api} legend="Monitoring" fields={['prometheus', 'sentry', 'otel', 'langfuse']} />
      <AlertPicker api={api} templates={options.templates} />
    </>
  );
}

function PageFields({ api, options }: { api: FormApi; options: FieldOptions }) {
  return (
    <>
      <div className={grid}>
        <TextField api={api} field="path" required mono placeholder="/dashboard" hint='Starts with "/".' />
        <TextField api={api} field="name" required placeholder="Dashboard" />
      </div>
      <CheckboxGroup api={api} legend="Monitoring" fields={['sentry_session', 'web_vitals']} />
      <AlertPicker api={api} templates={options.templates} />
    </>
  );
}

function EndpointFields({ api }: { api: FormApi }) {
  return (
    <>
      <div className={grid}>
        <SelectField api={api} field="method" required options={HTTP_METHODS} />
        <TextField api={api} field="path" required mono placeholder="/api/v1/health" hint='Starts with "/".' />
        <TextField api={api} field="slo_latency_ms" numeric="numeric" placeholder="500" hint="Optional: whole milliseconds." />
        <TextField
          api={api}
          field="slo_availability"
          numeric="decimal"
          placeholder="99.9"
          hint="Optional: a percentage between 0 and 100."
        />
      </div>
      <CheckboxField api={api} field="critical" hint="Marks the endpoint as business-critical." />
    </>
  );
}

function OwnerFields({ api }: { api: FormApi }) {
  return (
    <div className={grid}>
      <TextField api={api} field="name" required mono placeholder="backend-team" hint="What services name as their owner." />
      <TextField api={api} field="display_name" placeholder="Backend team" hint="Optional." />
      <TextField api={api} field="email" type="email" autoComplete="email" placeholder="backend@example.com" hint="Optional." />
    </div>
  );
}

function HostFields({ api }: { api: FormApi }) {
  return (
    <div className={grid}>
      <TextField api={api} field="name" required mono placeholder="docker-1" hint="What services may give as their host, besides the address." />
      <TextField api={api} field="address" required mono placeholder="192.168.0.10 or docker-1.internal" hint="DNS name or IP address." />
      <TextField api={api} field="ssh_port" numeric="numeric" mono placeholder="22" hint="Optional; 22 when empty." />
      <TextField api={api} field="ssh_user" mono placeholder="deploy" hint="Optional." />
      <TextField
        api={api}
        field="ssh_key"
        mono
        placeholder="env:DOCKER1_SSH_KEY or file:/etc/awoooi/keys/docker-1"
        hint="Optional. Where the private key is: an environment variable or a file on the server. Never the key itself."
      />
    </div>
  );
}

export function SectionFields({ section, api, options }: { section: FormSection; api: FormApi; options: FieldOptions }) {
  switch (section) {
    case 'services':
      return <ServiceFields api={api} options={options} />;
    case 'pages':
      return <PageFields api={api} options={options} />;
    case 'api_endpoints':
      return <EndpointFields api={api} />;
    case 'owners':
      return <OwnerFields api={api} />;
    case 'hosts':
      return <HostFields api={api} />;
  }
}
