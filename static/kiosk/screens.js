// Builders for the pieces of each screen that depend on the configuration (no state kept here).

const SVG_NS = "http://www.w3.org/2000/svg";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function face(facesUrl, score) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", "face");
  svg.setAttribute("viewBox", "0 0 64 64");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const use = document.createElementNS(SVG_NS, "use");
  use.setAttribute("href", `${facesUrl}#face-${score}`);
  svg.append(use);
  return svg;
}

// choices: [{key, name, detail?, selected?}]
export function pickButtons(choices, onPick) {
  return choices.map((choice) => {
    const button = el(
      "button",
      { type: "button", className: "pick", "data-key": choice.key, "aria-pressed": choice.selected ? "true" : null },
      el("span", { className: "pick-name", text: choice.name }),
    );
    if (choice.detail && choice.detail !== choice.name) {
      button.append(el("span", { className: "pick-detail", text: choice.detail }));
    }
    button.addEventListener("click", () => onPick(choice.key));
    return button;
  });
}

// The options in the order of the official form: 1 (worst, red) to 4 (best, green), left to right.
export function answerButtons(element, chosen, facesUrl, onAnswer) {
  const options = [...element.options].sort((a, b) => a.score - b.score);
  return options.map((option) => {
    const button = el(
      "button",
      {
        type: "button",
        className: `answer answer-s${option.score}`,
        "data-score": String(option.score),
        "aria-pressed": chosen === option.score ? "true" : "false",
      },
      face(facesUrl, option.score),
      el("span", { className: "answer-label", text: option.label }),
    );
    button.addEventListener("click", () => onAnswer(option.score, button));
    return button;
  });
}

export function progressDots(count, current) {
  return Array.from({ length: count }, (_, i) =>
    el("li", { className: i < current ? "is-done" : i === current ? "is-current" : "" }),
  );
}

export function profileFields(fields, chosen, onToggle) {
  return fields.map((field) => {
    const legendId = `profile-${field.code}`;
    const chips = el("div", { className: "chips" });
    for (const choice of field.choices) {
      const chip = el("button", {
        type: "button",
        className: "chip",
        "data-field": field.code,
        "data-value": choice.value,
        "aria-pressed": chosen[field.code] === choice.value ? "true" : "false",
        text: choice.label,
      });
      chip.addEventListener("click", () => {
        const value = chosen[field.code] === choice.value ? null : choice.value;
        onToggle(field.code, value);
        for (const other of chips.children) {
          other.setAttribute("aria-pressed", other.dataset.value === value ? "true" : "false");
        }
      });
      chips.append(chip);
    }
    return el(
      "div",
      { className: "field", role: "group", "aria-labelledby": legendId },
      el("span", { className: "field-label", id: legendId, text: field.label }),
      chips,
    );
  });
}
