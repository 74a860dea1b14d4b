# The seed design's generator (../shared/seed/MONITORING_INTEGRATION_ARCHITECTURE.md, section 1.3), copied as it
# is there, as the peer scripts/bench/generate-bench.ts times awoooi-monitor's generate() against. Only the main
# below is ours: it reads a JSON registry (every service given a host and a port, since the sketch crashes on
# Kubernetes services, which have none) and prints the milliseconds of each run of the three generators.
#
#   python3 scripts/bench/seed_generator.py REGISTRY.json RUNS
# /ops/monitoring/generate_monitoring.py
"""
從 service-registry.yaml 自動生成:
1. Prometheus scrape configs
2. Alertmanager alert rules
3. Grafana dashboards
4. Blackbox exporter targets
"""

import yaml
from pathlib import Path

def generate_prometheus_config(registry: dict) -> str:
    """生成 Prometheus scrape_configs"""
    scrape_configs = []

    for service in registry['services']:
        if service['monitoring'].get('prometheus'):
            config = {
                'job_name': service['name'],
                'static_configs': [{
                    'targets': [f"{service['host']}:{service['port']}"]
                }],
                'metrics_path': '/metrics',
                'scrape_interval': '15s',
            }

            # 根據類型調整
            if service['type'] == 'k8s-deployment':
                config['kubernetes_sd_configs'] = [{
                    'role': 'pod',
                    'namespaces': {'names': [service['namespace']]}
                }]
                del config['static_configs']

            scrape_configs.append(config)

    return yaml.dump({'scrape_configs': scrape_configs})


def generate_alert_rules(registry: dict) -> str:
    """生成 Prometheus alert rules"""
    groups = []

    for service in registry['services']:
        rules = []

        for alert in service.get('alerts', []):
            rule = ALERT_TEMPLATES.get(alert, {}).copy()
            rule['labels'] = {
                'service': service['name'],
                'owner': service['owner'],
                'severity': 'critical' if alert in CRITICAL_ALERTS else 'warning',
            }
            rules.append(rule)

        if rules:
            groups.append({
                'name': f"{service['name']}_alerts",
                'rules': rules,
            })

    return yaml.dump({'groups': groups})


def generate_blackbox_targets(registry: dict) -> list:
    """生成 Blackbox Exporter 健康檢查目標"""
    targets = []

    for service in registry['services']:
        if service.get('health_endpoint'):
            if service['type'] in ['docker', 'k8s-deployment']:
                url = f"http://{service['host']}:{service['port']}{service['health_endpoint']}"
                targets.append({
                    'targets': [url],
                    'labels': {
                        'service': service['name'],
                        'type': service['type'],
                    }
                })

    return targets


# 告警模板
ALERT_TEMPLATES = {
    'pod_crash': {
        'alert': 'PodCrashLoopBackOff',
        'expr': 'kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"} > 0',
        'for': '2m',
        'annotations': {
            'summary': 'Pod {{ $labels.pod }} is crash looping',
            'auto_repair': 'restart_pod',
        }
    },
    'high_error_rate': {
        'alert': 'HighErrorRate',
        'expr': 'rate(http_requests_total{status=~"5.."}[5m]) / rate(http_requests_total[5m]) > 0.01',
        'for': '5m',
        'annotations': {
            'summary': 'High error rate on {{ $labels.service }}',
            'auto_repair': 'restart_pod',
        }
    },
    'service_down': {
        'alert': 'ServiceDown',
        'expr': 'probe_success == 0',
        'for': '1m',
        'annotations': {
            'summary': '{{ $labels.service }} is down',
            'auto_repair': 'restart_container',
        }
    },
    'slow_response': {
        'alert': 'SlowResponse',
        'expr': 'histogram_quantile(0.95, http_request_duration_seconds_bucket) > 2',
        'for': '5m',
        'annotations': {
            'summary': 'Slow response on {{ $labels.service }}',
            'auto_repair': 'scale_up',
        }
    },
    'memory_high': {
        'alert': 'MemoryHigh',
        'expr': 'container_memory_usage_bytes / container_spec_memory_limit_bytes > 0.9',
        'for': '5m',
        'annotations': {
            'summary': 'High memory usage on {{ $labels.service }}',
            'auto_repair': 'analyze_memory_leak',
        }
    },
    'runner_offline': {
        'alert': 'GitHubRunnerOffline',
        'expr': 'github_runner_status == 0',
        'for': '5m',
        'annotations': {
            'summary': 'GitHub Runner is offline',
            'auto_repair': 'restart_runner_service',
        }
    },
}

CRITICAL_ALERTS = {'pod_crash', 'service_down', 'runner_offline'}

def _bench_main():
    import json
    import sys
    import time

    with open(sys.argv[1], encoding='utf-8') as f:
        registry = json.load(f)
    times = []
    for _ in range(int(sys.argv[2])):
        started = time.perf_counter()
        generate_prometheus_config(registry)
        generate_alert_rules(registry)
        generate_blackbox_targets(registry)
        times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({'ms': times, 'pyyaml': yaml.__version__, 'libyaml': bool(getattr(yaml, '__with_libyaml__', False))}))


if __name__ == '__main__':
    _bench_main()
