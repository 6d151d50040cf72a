def loans_section(user):
    return None
