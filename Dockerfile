# The whole Watchfire stack in one container: `watchfire up` with every part listening on all interfaces.
#   docker build -t watchfire .
#   docker run --rm -p 9090:9090 -p 9093:9093 -p 9091:9091 -p 9100:9100 -v watchfire-data:/data watchfire
# Any part alone: docker run ... watchfire server --config.file=/etc/watchfire/prometheus.yml (or alertmanager,
# pushgateway, node-exporter). Inside a container the node exporter sees the container, not the host; mount
# the host's /proc and /sys and run `watchfire node-exporter --path.procfs=... --path.sysfs=...` for that.

FROM node:20-slim AS build
WORKDIR /src
COPY . .
# Build everything, then pack `watchfire` and the workspace packages it needs, as `npm publish` would.
RUN npm ci --no-audit --no-fund \
  && npm run build \
  && node deploy/pack.mjs /packed

FROM node:20-slim
COPY --from=build /packed /tmp/packed
RUN npm install -g --no-audit --no-fund /tmp/packed/*.tgz \
  && rm -rf /tmp/packed /root/.npm \
  && mkdir /data && chown node:node /data
USER node
WORKDIR /data
VOLUME /data
EXPOSE 9090 9091 9093 9100
# Node is PID 1 here: watchfire handles SIGTERM itself (docker stop), flushing the WAL, the Pushgateway's
# persistence file and the Alertmanager's state before it exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["watchfire"]
CMD ["up", "--data-dir=/data", \
  "--web.listen-address=0.0.0.0:9090", \
  "--alertmanager.listen-address=0.0.0.0:9093", \
  "--pushgateway.listen-address=0.0.0.0:9091", \
  "--node-exporter.listen-address=0.0.0.0:9100"]
