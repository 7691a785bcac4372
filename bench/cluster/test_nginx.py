"""The cluster test's nginx configuration: nginx itself accepts it, and its access log lines are read back right.

uv run pytest bench/cluster -q -p no:randomly
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bench.cluster import nginx
from bench.cluster.stack import NGINX

UPSTREAMS = [nginx.Upstream("app1", 18001), nginx.Upstream("app2", 18002)]


@pytest.mark.skipif(not Path(NGINX).is_file(), reason=f"nginx is not installed at {NGINX}")
def test_nginx_accepts_the_generated_configuration(tmp_path):
    cert, key = nginx.self_signed_certificate(tmp_path)
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx.config(folder=tmp_path, port=18000, upstreams=UPSTREAMS, cert=cert, key=key))
    done = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", "stderr", "-c", str(conf)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_round_robin_over_every_server_and_one_pin_each():
    text = nginx.config(
        folder=Path("/tmp/x"), port=18000, upstreams=UPSTREAMS, cert=Path("c.pem"), key=Path("k.pem")
    )
    group = text.split("upstream lentera {", 1)[1].split("}", 1)[0]
    assert "server 127.0.0.1:18001 max_fails=1" in group and "server 127.0.0.1:18002 max_fails=1" in group
    assert "app1 lentera_app1;" in text and "upstream lentera_app2 { server 127.0.0.1:18002; }" in text
    assert 'proxy_set_header X-Cluster-Backend "";' in text  # the pin never reaches the app
    assert "proxy_set_header X-Forwarded-Proto https;" in text


@pytest.mark.parametrize("names", [[], ["app1", "app1"], ["app 1"]])
def test_refuses_no_server_duplicate_or_unsafe_names(names):
    with pytest.raises(ValueError):
        nginx.config(
            folder=Path("/tmp/x"),
            port=1,
            upstreams=[nginx.Upstream(n, 2) for n in names],
            cert=Path("c"),
            key=Path("k"),
        )


def test_log_line_of_a_request_passed_on_after_its_server_died():
    line = nginx.parse_log_line(
        "1796609671.930 0.195 200 PUT /api/v1/bidding/uploads/u/chunk?offset=0 "
        "127.0.0.1:18001, 127.0.0.1:18002|502, 200|0.000, 0.001"
    )
    assert line is not None
    assert line.status == 200 and line.method == "PUT" and line.path.endswith("offset=0")
    assert line.attempts == [("127.0.0.1:18001", "502", "0.000"), ("127.0.0.1:18002", "200", "0.001")]
    assert line.started_at == pytest.approx(1796609671.735)


def test_log_line_answered_by_nginx_alone_has_no_attempt():
    line = nginx.parse_log_line("1796609671.951 0.014 500 PUT /x -|-|-")
    assert line is not None and line.attempts == [] and line.status == 500
    assert nginx.parse_log_line("garbage") is None
