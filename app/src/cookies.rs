//! Reading cookies from request headers, on the server: the language (`simpul_lang`)
//! and the sign-in (`simpul_sign_in`, read by the server's `auth` module).

/// A cookie's value from the `Cookie` headers, if the browser sent it.
pub fn read<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue, header};

    #[test]
    fn finds_a_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("simpul_lang=en; simpul_sign_in=xyz"),
        );
        assert_eq!(read(&headers, "simpul_sign_in"), Some("xyz"));
        assert_eq!(read(&headers, "simpul_lang"), Some("en"));
        assert_eq!(read(&headers, "other"), None);
    }
}
