/** Where the nginx baseline listens and forwards to. */
export interface NginxConfigOptions {
  /** Temp directory holding the pid file, logs and buffers (nginx's `-p` prefix). */
  directory: string;
  /** Port nginx listens on (127.0.0.1). */
  listenPort: number;
  /** Port of the fake upstream (127.0.0.1). */
  upstreamPort: number;
  /** The REST scenario: uploads of any size streamed to the upstream, not spooled to disk first. */
  streamUploads?: boolean;
}

/**
 * nginx as a plain reverse proxy: 1 worker, upstream keep-alive, no buffering (so SSE streams
 * through), no access log. Keep-alive request caps are raised so neither side reconnects mid-run,
 * matching node:http, which has no cap.
 */
export function nginxConfig(options: NginxConfigOptions): string {
  const dir = options.directory;
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 10000000;
  upstream fake {
    server 127.0.0.1:${options.upstreamPort};
    keepalive 64;
    keepalive_requests 10000000;
  }
  server {
    listen 127.0.0.1:${options.listenPort};
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;${options.streamUploads === true ? '\n      proxy_request_buffering off;\n      client_max_body_size 0;' : ''}
    }
  }
}
`;
}
