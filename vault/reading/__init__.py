"""Reading text out of scans: offline OCR and the suggestions drawn from text.
Everything it reads stays in memory; nothing is applied without the user.
"""
