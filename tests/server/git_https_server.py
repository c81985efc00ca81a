#!/usr/bin/env python3
"""git_https_server.py: a git smart-HTTP server over TLS for the tests: git-http-backend behind basic auth.

Usage: git_https_server.py CERT KEY ROOT USER PASSWORD PORTFILE
Serves the repositories under ROOT on 127.0.0.1 (a free port, written to PORTFILE once listening) to
clients that present USER:PASSWORD; others get 401. Each request's user and status go to stderr.
"""
import base64
import http.server
import ssl
import subprocess
import sys

cert, key, root, user, password, portfile = sys.argv[1:7]
wanted = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def serve(self):
        if self.headers.get("Authorization") != wanted:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kiln-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        env = {"GIT_PROJECT_ROOT": root, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": path,
               "QUERY_STRING": query, "REQUEST_METHOD": self.command, "REMOTE_USER": user,
               "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(length)}
        out = subprocess.run(["git", "http-backend"], input=self.rfile.read(length), env=env,
                             capture_output=True, check=False).stdout
        head, _, body = out.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(": ")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402 (after the port is known)
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
