//! Just enough DER to read an X.509 certificate's validity and subject. A full X.509 crate
//! (x509-cert + der + const-oid) cost ~60 KB of the page's WebAssembly for these three
//! fields; this reader is bounded by its input and never panics (see the property tests).

use crate::time::days_from_civil;

/// One TLV: tag and contents; `rest` is what follows it.
struct Tlv<'a> {
    tag: u8,
    body: &'a [u8],
    rest: &'a [u8],
}

fn tlv(input: &[u8]) -> Option<Tlv<'_>> {
    let (&tag, input) = input.split_first()?;
    let (&first, mut input) = input.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || input.len() < n {
            return None;
        }
        let len = input[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        input = &input[n..];
        len
    };
    (input.len() >= len).then(|| Tlv { tag, body: &input[..len], rest: &input[len..] })
}

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;

#[derive(Debug, PartialEq, Eq)]
pub struct CertInfo {
    pub subject: String,
    pub not_before: i64,
    pub not_after: i64,
}

/// Subject and validity of a DER certificate, or `None` if it is not one.
pub fn certificate(der: &[u8]) -> Option<CertInfo> {
    let cert = tlv(der).filter(|t| t.tag == SEQUENCE)?;
    let tbs = tlv(cert.body).filter(|t| t.tag == SEQUENCE)?;
    let mut fields = tbs.body;
    let mut next = |expect: Option<u8>| -> Option<Tlv<'_>> {
        let t = tlv(fields)?;
        fields = t.rest;
        expect.is_none_or(|e| e == t.tag).then_some(t)
    };
    let mut first = next(None)?;
    if first.tag == 0xa0 {
        first = next(Some(0x02))?; // [0] version, then serialNumber
    }
    if first.tag != 0x02 {
        return None;
    }
    next(Some(SEQUENCE))?; // signature algorithm
    next(Some(SEQUENCE))?; // issuer
    let validity = next(Some(SEQUENCE))?;
    let subject = next(Some(SEQUENCE))?;
    let nb = tlv(validity.body)?;
    let na = tlv(nb.rest)?;
    Some(CertInfo { subject: name(subject.body)?, not_before: time(&nb)?, not_after: time(&na)? })
}

/// RFC 4514-style text of the common attributes, most specific first (like OpenSSL's -nameopt RFC2253).
fn name(mut rdns: &[u8]) -> Option<String> {
    let mut parts = Vec::new();
    while !rdns.is_empty() {
        let set = tlv(rdns).filter(|t| t.tag == SET)?;
        rdns = set.rest;
        let atv = tlv(set.body).filter(|t| t.tag == SEQUENCE)?;
        let oid = tlv(atv.body).filter(|t| t.tag == 0x06)?;
        let value = tlv(oid.rest)?;
        let key = match oid.body {
            [0x55, 0x04, 0x03] => "CN",
            [0x55, 0x04, 0x0a] => "O",
            [0x55, 0x04, 0x0b] => "OU",
            [0x55, 0x04, 0x06] => "C",
            [0x55, 0x04, 0x07] => "L",
            [0x55, 0x04, 0x08] => "ST",
            _ => continue,
        };
        let text = match value.tag {
            0x0c | 0x13 | 0x16 | 0x14 => String::from_utf8_lossy(value.body).into_owned(),
            0x1e => String::from_utf16_lossy(
                &value.body.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect::<Vec<_>>(),
            ),
            _ => continue,
        };
        parts.push(format!("{key}={text}"));
    }
    parts.reverse();
    Some(parts.join(","))
}

/// UTCTime `YYMMDDHHMMSSZ` or GeneralizedTime `YYYYMMDDHHMMSSZ`, as Unix seconds.
fn time(t: &Tlv) -> Option<i64> {
    let s = std::str::from_utf8(t.body).ok()?.strip_suffix('Z')?;
    let digits = |r: std::ops::Range<usize>| s.get(r).filter(|d| d.bytes().all(|b| b.is_ascii_digit())).and_then(|d| d.parse::<i64>().ok());
    let (year, rest) = match (t.tag, s.len()) {
        (0x17, 12) => {
            let yy = digits(0..2)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, 2)
        }
        (0x18, 14) => (digits(0..4)?, 4),
        _ => return None,
    };
    let f = |i: usize| digits(rest + 2 * i..rest + 2 * i + 2);
    let (month, day, hour, min, sec) = (f(0)?, f(1)?, f(2)?, f(3)?, f(4)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn example_der() -> Vec<u8> {
        let kc = crate::preset::EXAMPLE_KUBECONFIG;
        let b64 = kc.lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap();
        let pem = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap();
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD.decode(body).unwrap()
    }

    #[test]
    fn reads_the_example_certificate_like_openssl() {
        // openssl x509 -noout -subject -dates -nameopt RFC2253:
        // CN=example cluster CA (not a real cluster),O=rsp-k8s-config; Nov 28 03:23:12 2026 / Nov 23 03:23:12 2046 GMT
        let info = certificate(&example_der()).unwrap();
        assert_eq!(info.subject, "CN=example cluster CA (not a real cluster),O=rsp-k8s-config");
        assert_eq!(info.not_before, 1_795_836_192);
        assert_eq!(info.not_after, 2_426_556_192);
    }

    #[test]
    fn truncated_or_altered_input_is_refused_not_a_panic() {
        let der = example_der();
        for n in 0..der.len() {
            let _ = certificate(&der[..n]);
            let mut bad = der.clone();
            bad[n] ^= 0xff;
            let _ = certificate(&bad);
        }
        assert!(certificate(&der[..der.len() / 2]).is_none());
        assert!(certificate(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
    }
}
