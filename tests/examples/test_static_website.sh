# test_static_website.sh: examples/static_website (the dogfood example) over the socket stack and over the direct stack on a tap, in namespaces of its own, against curl and raw requests.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/netns.sh"

build_example "$KILN_SRC/examples/static_website" "static_website"
top=$PWD
# A file of many chunks, crunched in too: concurrent downloads of it must not mix.
head -c 300000 /dev/urandom >htdocs/big.bin
"$KILN" configure -t unix >/dev/null && make -s >/dev/null 2>&1
expect_status "reconfigured with a 300 KB file in htdocs/" $? 0
ns=kiln-web-$$
host=127.0.0.1
netns_new "$ns"
# Small socket buffers, so a 300 KB reply cannot fit in them and the writes of a reply must wait.
ip netns exec "$ns" sysctl -qw net.ipv4.tcp_wmem="4096 16384 65536" net.ipv4.tcp_rmem="4096 16384 65536"
netns_spawn "$ns" out err ./static_website --port=8081
wait_listen "$ns" tcp 8081
expect_status "listens on the --port given at boot" $? 0

# get PATH ARGS...: curl's status code, content type and size for PATH; the body goes to ./body.
get() {
	p=$1
	shift
	ip netns exec "$ns" curl -s -o body -w '%{http_code} %{content_type} %{size_download}' "$@" \
		"http://$host:8081$p"
}
# raw TEXT: sends TEXT as is (printf escapes) and prints the reply's status lines and headers kept.
raw() {
	printf "$1" | ip netns exec "$ns" nc -q2 -w3 "$host" 8081 | tr -d '\r' |
		grep -E '^(HTTP/|Connection:|Allow:|Location:)'
}

for f in index.html style.css kiln.svg about/index.html; do
	path=/$f
	[ "$f" = index.html ] && path=/
	[ "$f" = about/index.html ] && path=/about/
	get "$path" >/dev/null
	expect_eq "GET $path: the file, byte for byte" "$(cmp body "htdocs/$f" && echo same)" same
done
expect_eq "GET /: 200, html, its size" "$(get /)" "200 text/html; charset=utf-8 $(wc -c <htdocs/index.html)"
expect_eq "GET /kiln.svg: its content type" "$(get /kiln.svg)" "200 image/svg+xml $(wc -c <htdocs/kiln.svg)"
expect_eq "HEAD /style.css: the head only, with the file's length" \
	"$(ip netns exec "$ns" curl -s -I http://127.0.0.1:8081/style.css | tr -d '\r')" \
	"$(printf 'HTTP/1.1 200 OK\nServer: kiln\nContent-Type: text/css; charset=utf-8\nContent-Length: %s\nConnection: keep-alive\n' \
		"$(wc -c <htdocs/style.css)")"
expect_eq "GET /nope: 404" "$(get /nope)" "404 text/plain; charset=utf-8 14"
expect_eq "GET /about: a redirect to the folder" "$(raw 'GET /about HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')" \
	"$(printf 'HTTP/1.1 301 Moved Permanently\nLocation: /about/\nConnection: close')"
expect_eq "POST: 405 with Allow" "$(raw 'POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')" \
	"$(printf 'HTTP/1.1 405 Method Not Allowed\nAllow: GET, HEAD\nConnection: close')"
expect_eq "two pipelined requests on one connection: both answered, then closed as asked" \
	"$(raw 'GET /style.css HTTP/1.1\r\nHost: x\r\n\r\nGET /kiln.svg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')" \
	"$(printf 'HTTP/1.1 200 OK\nConnection: keep-alive\nHTTP/1.1 200 OK\nConnection: close')"
expect_eq "HTTP/1.0 without keep-alive: closed after the reply" "$(raw 'GET / HTTP/1.0\r\n\r\n')" \
	"$(printf 'HTTP/1.1 200 OK\nConnection: close')"

# Hostile requests: a clear status, and the connection closed.
expect_eq "a path climbing out with ..: 404" "$(raw 'GET /../../etc/passwd HTTP/1.1\r\n\r\n' | head -1)" \
	"HTTP/1.1 404 Not Found"
expect_eq "an encoded NUL: 400" "$(raw 'GET /index.html%%00.txt HTTP/1.1\r\n\r\n')" \
	"$(printf 'HTTP/1.1 400 Bad Request\nConnection: close')"
expect_eq "a malformed request line: 400" "$(raw 'GARBAGE\r\n\r\n')" \
	"$(printf 'HTTP/1.1 400 Bad Request\nConnection: close')"
expect_eq "a folded header: 400" "$(raw 'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n' | head -1)" \
	"HTTP/1.1 400 Bad Request"
expect_eq "a GET with a body: 400" "$(raw 'GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello' | head -1)" \
	"HTTP/1.1 400 Bad Request"
expect_eq "HTTP/2.0 on this port: 505" "$(raw 'GET / HTTP/2.0\r\n\r\n' | head -1)" \
	"HTTP/1.1 505 HTTP Version Not Supported"
long=$(head -c 1100 /dev/zero | tr '\0' a)
expect_eq "a 1100-byte path: 414" "$(raw "GET /$long HTTP/1.1\r\n\r\n" | head -1)" "HTTP/1.1 414 URI Too Long"
big=$(head -c 9000 /dev/zero | tr '\0' b)
expect_eq "a 9000-byte header: 431" "$(raw "GET / HTTP/1.1\r\nX-Big: $big\r\n\r\n" | head -1)" \
	"HTTP/1.1 431 Request Header Fields Too Large"

# concurrent LABEL N PATH FILE [CURL ARGS...]: N clients fetch PATH at once, each in its own fiber
# on the server; every body is FILE whole.
concurrent() {
	label=$1 n=$2 path=$3 file=$4
	shift 4
	i=0
	pids=""
	while [ $i -lt "$n" ]; do
		ip netns exec "$ns" curl -s "$@" -o "many.$i" "http://$host:8081$path" &
		pids="$pids $!"
		i=$((i + 1))
	done
	for p in $pids; do wait "$p"; done
	expect_eq "$label" "$(i=0; while [ $i -lt "$n" ]; do cmp -s "many.$i" "$file" && echo same; i=$((i + 1)); done |
		wc -l)" "$n"
	rm -f many.*
}
concurrent "40 concurrent clients: 40 whole pages" 40 / htdocs/index.html
concurrent "8 concurrent downloads of a 300 KB file, slowed so writes block: each whole" 8 /big.bin htdocs/big.bin \
	--limit-rate 2M

expect_eq "one log line per request" "$(sed -n '1,6p' out)" "$(printf '%s\n' \
	'static_website: serving on port 8081' '127.0.0.1 GET / 200' '127.0.0.1 GET /style.css 200' \
	'127.0.0.1 GET /kiln.svg 200' '127.0.0.1 GET /about/ 200' '127.0.0.1 GET / 200')"
expect_eq "refused requests are logged with their status" "$(grep -c ' - - 400$' out)" 4

"$KILN" configure -t unix --port 0 >/dev/null 2>&1 && make -s >/dev/null 2>&1
ip netns exec "$ns" ./static_website >out2 2>err2
expect_status "--port 0 (set at configure time): exits 1" $? 1
expect_eq "--port 0: says why" "$(cat out2)" "static_website: --port must be between 1 and 65535, not 0"

# The same unikernel on Kiln's own stack: a tap in another namespace, Linux at 10.0.0.1, it at 10.0.0.2.
"$KILN" configure -t unix --net direct --port 8081 >/dev/null && make -s >/dev/null 2>&1
expect_status "direct: configures and builds" $? 0
ns=kiln-webd-$$
host=10.0.0.2
netns_unikernel "$ns" tap0 ./static_website
ip netns exec "$ns" sysctl -qw net.ipv4.tcp_rmem="4096 16384 65536"
expect_eq "direct: serving" "$(cat out)" "static_website: serving on port 8081"
get / >/dev/null
expect_eq "direct: GET / from Linux, byte for byte" "$(cmp body htdocs/index.html && echo same)" same
expect_eq "direct: HEAD, 404, 405" "$(get /kiln.svg -I) $(get /nope) $(get / -X POST)" \
	"200 image/svg+xml 0 404 text/plain; charset=utf-8 14 405 text/plain; charset=utf-8 23"
expect_eq "direct: two pipelined requests on one connection" \
	"$(raw 'GET /style.css HTTP/1.1\r\nHost: x\r\n\r\nGET /kiln.svg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')" \
	"$(printf 'HTTP/1.1 200 OK\nConnection: keep-alive\nHTTP/1.1 200 OK\nConnection: close')"
expect_eq "direct: a 9000-byte header: 431, read before the close" \
	"$(raw "GET / HTTP/1.1\r\nX-Big: $big\r\n\r\n" | head -1)" "HTTP/1.1 431 Request Header Fields Too Large"
concurrent "direct: 40 concurrent clients: 40 whole pages" 40 / htdocs/index.html
concurrent "direct: 8 concurrent downloads of a 300 KB file into small windows: each whole" 8 /big.bin \
	htdocs/big.bin --limit-rate 2M
expect_eq "direct: one log line per request, from Linux's address" "$(sed -n '2,3p' out)" \
	"$(printf '10.0.0.1 GET / 200\n10.0.0.1 HEAD /kiln.svg 200')"

cd / && rm -rf "$top"
t_done
