# Certification's models (applications, evidence, labels) live here.
