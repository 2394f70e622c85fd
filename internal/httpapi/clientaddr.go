package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseTrustedProxies parses a comma-separated list of CIDRs or single
// addresses (the --trusted-proxies flag). Empty means none.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
		}
		out = append(out, netip.PrefixFrom(p.Addr().Unmap(), p.Bits()).Masked())
	}
	return out, nil
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr is the address a request came from: the connection's peer,
// unless that peer is a trusted proxy (Config.TrustedProxies). Then the
// forwarding header (Forwarded, else X-Forwarded-For) is read from the
// right, skipping trusted hops, and the first address not trusted is the
// client. Entries left of it were written by the client itself and are
// never believed, so a forged header cannot escape a per-address limit.
func (s *Server) ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || len(s.cfg.TrustedProxies) == 0 || !s.trusted(peer.Unmap()) {
		return host
	}
	hops := forwardedFor(r.Header)
	addr := peer.Unmap()
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			// "unknown", an obfuscated name or garbage: the nearest
			// trusted proxy is as far as the chain can be followed.
			break
		}
		addr = a
		if !s.trusted(a) {
			break
		}
	}
	return addr.String()
}

// forwardedFor lists the client chain of a request, nearest hop last:
// the for= parameters of Forwarded (RFC 7239) when it is present, else
// the entries of X-Forwarded-For. Repeated headers are read in order.
func forwardedFor(h http.Header) []string {
	var hops []string
	if fw := h.Values("Forwarded"); len(fw) > 0 {
		for _, line := range fw {
			for _, elem := range strings.Split(line, ",") {
				for _, pair := range strings.Split(elem, ";") {
					k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
					if ok && strings.EqualFold(k, "for") {
						hops = append(hops, v)
					}
				}
			}
		}
		return hops
	}
	for _, line := range h.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(line, ",")...)
	}
	return hops
}

// parseHop reads one address of a forwarding header: 192.0.2.1,
// 192.0.2.1:4711, "[2001:db8::1]:4711" or 2001:db8::1.
func parseHop(v string) (netip.Addr, bool) {
	v = strings.Trim(strings.TrimSpace(v), `"`)
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr().Unmap(), true
	}
	v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// SecureCookies reports whether cookies must be marked Secure: the
// request came over TLS, or the server is reached at an https public
// address (TLS ends at a proxy in front of it).
func (s *Server) SecureCookies(r *http.Request) bool { return r.TLS != nil || s.httpsPublic }
