"""PDF opinion (reportlab), its font, identities (PKCS#12) and PAdES signing (pyHanko).

Plain data in, bytes or plain results out: no Qt, no SQL.
"""
