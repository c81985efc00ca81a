# Dockerfile: kiln on Debian 12: installs what it needs, builds it, and runs the hello unikernel.
FROM debian:12
WORKDIR /src/kiln
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends make \
	&& make deps && make -j"$(nproc)" && make install PREFIX=/usr/local \
	&& rm -rf _build /var/lib/apt/lists/*
# The service comes with its own issue; until then the image's job is a unikernel's.
WORKDIR /src/kiln/examples/hello
CMD ["sh", "-c", "kiln configure -t unix && make && ./hello"]
