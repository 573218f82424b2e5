"""Issue 16 item 4: the methodology page states the rule for a component on which all MPPs
are equal (full points in either direction, as analysis.effectiveness computes it)."""


def test_methodology_states_the_equal_component_rule(client, session):
    html = client.get("/metodologi?lang=id").get_data(as_text=True)
    assert "baik makin besar maupun makin kecil makin baik" in html
    english = client.get("/metodologi?lang=en").get_data(as_text=True)
    assert "whether higher or lower is better" in english
