# Build: the release binary, with migrations, locales and assets compiled in.
FROM rust:1-bookworm AS build
WORKDIR /src
# The whole source tree (see .dockerignore): the manifest names the tests and benchmarks, and
# the starter catalogue (catalogue/) is compiled into the binary.
COPY . .
RUN cargo build --release --locked --bin coopwiki

# Run: a small image with only the binary. The database is another container (DATABASE_URL).
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/coopwiki --create-home coopwiki
COPY --from=build /src/target/release/coopwiki /usr/local/bin/coopwiki
USER coopwiki
WORKDIR /var/lib/coopwiki
ENV COOPWIKI_LISTEN=0.0.0.0:8080 \
    COOPWIKI_DATA_DIR=/var/lib/coopwiki \
    RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
    CMD curl -fsS http://127.0.0.1:8080/-/health || exit 1
ENTRYPOINT ["coopwiki"]
CMD ["serve"]
