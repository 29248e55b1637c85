#!/usr/bin/python3
"""Renders chat_fixtures.json: each model's real Jinja chat template (templates.json, with where each came
from) applied to a few conversations, as transformers' apply_chat_template does (a sandboxed Jinja
environment with trim_blocks, lstrip_blocks, the loop-controls extension and raise_exception).
ChatFormatFixtureTests checks SelGen's chat formats against the result. Run once after changing
templates.json or the conversations: /usr/bin/python3 render_fixtures.py (needs Debian's python3-jinja2).
"""
import json
import os

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))

CONVERSATIONS = {
    "with_system": [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "4"},
    ],
    "two_turns": [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "Bye"},
        {"role": "assistant", "content": "\nGoodbye."},
    ],
    "padded": [
        {"role": "user", "content": "  spaced out \n"},
        {"role": "assistant", "content": " reply  "},
    ],
}

# Replies with reasoning, for Qwen3 with thinking on: the final one keeps it, earlier ones lose it.
THINKING = {
    "reasoned_reply": [
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "<think>\nAdd them.\n</think>\n\n4"},
    ],
    "reasoned_history": [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "<think>\ngreet back\n</think>\n\nHello!"},
        {"role": "user", "content": "Bye"},
        {"role": "assistant", "content": "<think>\nsay bye\n</think>\n\nGoodbye."},
    ],
}

# SelGen format name -> (template name, extra template variables).
FORMATS = {
    "qwen3": ("qwen3", {"enable_thinking": False}),
    "qwen3-thinking": ("qwen3", {"enable_thinking": True}),
    "qwen2.5": ("qwen2.5", {}),
    "gemma": ("gemma3", {}),
    "gemma2": ("gemma2", {}),
    "llama3": ("llama3", {}),
    "mistral": ("mistral", {}),
}


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def render(template, messages, add_generation_prompt, extra):
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
    env.globals["raise_exception"] = raise_exception
    env.filters["tojson"] = lambda x, **kw: json.dumps(x, ensure_ascii=False)
    compiled = env.from_string(template["template"])
    return compiled.render(messages=messages, add_generation_prompt=add_generation_prompt,
                           bos_token=template["bos_token"] or "", eos_token=template["eos_token"] or "", **extra)


def main():
    with open(os.path.join(HERE, "templates.json")) as f:
        templates = json.load(f)
    fixtures = []
    for name, (template_name, extra) in FORMATS.items():
        conversations = dict(CONVERSATIONS, **(THINKING if name == "qwen3-thinking" else {}))
        for conversation, messages in conversations.items():
            for prompt in (False, True):
                shown = messages[:-1] if prompt else messages     # a generation prompt ends with the user's message
                case = {"format": name, "template": template_name, "conversation": conversation,
                        "add_generation_prompt": prompt, "messages": shown}
                try:
                    case["text"] = render(templates[template_name], shown, prompt, extra)
                except jinja2.exceptions.TemplateError as e:
                    case["error"] = str(e)
                fixtures.append(case)
    with open(os.path.join(HERE, "chat_fixtures.json"), "w") as f:
        json.dump({"generated_by": "render_fixtures.py", "jinja2": jinja2.__version__, "cases": fixtures}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(fixtures)} cases written")


if __name__ == "__main__":
    main()
