"""Reads of certification, one module a topic: country incomes, labels, verified facts and
applications. Import the module that holds a function:
`from certification.selectors import labels as label_selectors`."""
