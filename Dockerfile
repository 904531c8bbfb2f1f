# syntax=docker/dockerfile:1
# leakwatch container image: a static binary on distroless, running as a non-root user.
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#                --build-arg REVISION=$(git rev-parse HEAD) \
#                --build-arg BRANCH=$(git rev-parse --abbrev-ref HEAD) \
#                --build-arg BUILD_DATE=$(date -u +%Y%m%d-%H:%M:%S) -t leakwatch .
# The arguments fill prometheus/common/version: `leakwatch version` and leakwatch_build_info.

FROM golang:1.26 AS build
WORKDIR /src
# Dependencies first, so source edits do not invalidate the module cache layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=
ARG BRANCH=
ARG BUILD_DATE=
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/prometheus/common/version.Version=${VERSION} -X github.com/prometheus/common/version.Revision=${REVISION} -X github.com/prometheus/common/version.Branch=${BRANCH} -X github.com/prometheus/common/version.BuildDate=${BUILD_DATE}" \
      -o /out/leakwatch ./cmd/leakwatch \
 && mkdir -p -m 0700 /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/leakwatch /leakwatch
# Owned by the runtime user so a fresh named volume is writable, and 0700: it holds the
# fingerprint key and the incidents.
COPY --from=build --chown=65532:65532 --chmod=0700 /out/data /var/lib/leakwatch
USER 65532:65532
VOLUME /var/lib/leakwatch
EXPOSE 9847
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/leakwatch", "healthcheck"]
ENTRYPOINT ["/leakwatch"]
CMD ["run", "--config", "/etc/leakwatch/config.yaml"]
